namespace Kdfm.Hub.Agents;

/// <summary>
/// Calls of one method each agent has in flight, for the methods with a per-agent limit (Upload: two). Taken by
/// <see cref="AgentCallGate"/> before the message is read and given back when the call ends, so an agent cannot hold more
/// than its share of the hub's memory and database writer with parallel calls.
/// </summary>
public sealed class AgentCallSlots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Method, string Agent), int> _inFlight = [];

    public bool TryEnter(string method, string agentId, int max)
    {
        lock (_lock)
        {
            int count = _inFlight.GetValueOrDefault((method, agentId));
            if (count >= max)
            {
                return false;
            }

            _inFlight[(method, agentId)] = count + 1;
            return true;
        }
    }

    public void Exit(string method, string agentId)
    {
        lock (_lock)
        {
            int count = _inFlight.GetValueOrDefault((method, agentId)) - 1;
            if (count > 0)
            {
                _inFlight[(method, agentId)] = count;
            }
            else
            {
                _inFlight.Remove((method, agentId));
            }
        }
    }

    public int InFlight(string method, string agentId)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault((method, agentId));
        }
    }
}
