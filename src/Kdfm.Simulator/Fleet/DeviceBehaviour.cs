namespace Kdfm.Simulator.Fleet;

/// <summary>How a simulated device misbehaves, for the collector's fault-isolation tests.</summary>
internal enum DeviceBehaviour
{
    Normal,
    /// <summary>Never answers.</summary>
    Silent,
    /// <summary>Answers after a delay.</summary>
    Slow,
    /// <summary>Answers with malformed datagrams.</summary>
    Garbage,
}
