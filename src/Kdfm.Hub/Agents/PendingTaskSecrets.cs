using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>
/// The SNMP secrets of set-config tasks that wait for their agent are the only secrets the hub keeps in clear, and only
/// until the agent takes them. A task that waits longer than Hub:PendingSecretHours, or whose agent is revoked, loses them
/// and fails with a message; Poll never hands out a finished task.
/// </summary>
public sealed class PendingTaskSecrets(HubDb db, HubOptions options, TimeProvider clock)
{
    /// <summary>Withdraws every waiting set-config task older than Hub:PendingSecretHours; returns how many.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - TimeSpan.FromHours(options.PendingSecretHours);
        var expired = await Waiting().Where(t => t.ConfigJson != null && t.CreatedAt < cutoff).ToListAsync(cancellationToken).ConfigureAwait(false);
        Withdraw(expired, now, $"expired: not taken by the agent within {options.PendingSecretHours} h (Hub:PendingSecretHours)");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return expired.Count;
    }

    /// <summary>Withdraws every waiting task of a revoked agent (not saved: the caller saves it with the revocation).</summary>
    public async Task<int> WithdrawForRevokedAsync(string agentId, CancellationToken cancellationToken)
    {
        var waiting = await Waiting().Where(t => t.AgentId == agentId).ToListAsync(cancellationToken).ConfigureAwait(false);
        Withdraw(waiting, clock.GetUtcNow(), "not handed out: the agent was revoked");
        return waiting.Count;
    }

    private IQueryable<AgentTask> Waiting() => db.Tasks.Where(t => t.StartedAt == null && t.CompletedAt == null);

    private static void Withdraw(List<AgentTask> tasks, DateTimeOffset now, string message)
    {
        foreach (var task in tasks)
        {
            task.CompletedAt = now;
            task.Ok = false;
            task.Message = message;
            if (task.ConfigJson is not null)
            {
                task.ConfigJson = AgentGrpcService.WithoutSecrets(task.ConfigJson);
                task.Message += "; its SNMP secrets were deleted";
            }
        }
    }
}
