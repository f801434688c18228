using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Agents;

/// <summary>
/// At start and every few minutes: <see cref="PendingTaskSecrets.ExpireAsync"/> (waiting set-config tasks past
/// Hub:PendingSecretHours lose their secrets, then a <see cref="SecretsCheckpoint"/>), and
/// <see cref="Enrolment.ForgetFailuresAsync"/> (failure counts no live code needs).
/// </summary>
public sealed class AgentHousekeeping(IServiceScopeFactory scopes, SecretsCheckpoint checkpoint, TimeProvider clock, ILogger<AgentHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                int expired = await scope.ServiceProvider.GetRequiredService<PendingTaskSecrets>().ExpireAsync(stoppingToken).ConfigureAwait(false);
                if (expired > 0)
                {
                    checkpoint.Request();
                    logger.LogInformation("{Count} set-config task(s) expired before their agent took them: their SNMP secrets were deleted", expired);
                }

                await scope.ServiceProvider.GetRequiredService<Enrolment>().ForgetFailuresAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be busy or away for a moment: the next round tries again.
                logger.LogWarning("Housekeeping (expiring waiting set-config tasks, forgetting enrolment failures) failed, trying again in {Minutes} min: {Error}",
                    Interval.TotalMinutes, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
