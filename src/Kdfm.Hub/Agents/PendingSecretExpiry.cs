namespace Kdfm.Hub.Agents;

/// <summary>Runs <see cref="PendingTaskSecrets.ExpireAsync"/> at start and every few minutes.</summary>
public sealed class PendingSecretExpiry(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PendingSecretExpiry> logger) : BackgroundService
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
                    logger.LogInformation("{Count} set-config task(s) expired before their agent took them: their SNMP secrets were deleted", expired);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be busy or away for a moment: the next round tries again.
                logger.LogWarning("Expiring waiting set-config tasks failed, trying again in {Minutes} min: {Error}", Interval.TotalMinutes, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
