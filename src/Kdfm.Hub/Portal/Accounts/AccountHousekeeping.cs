namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// The daily account job, at start and every day on the hub's clock: <see cref="IdleAccounts.DisableIdleAsync"/> and
/// <see cref="IdleAccounts.PurgeAuditAsync"/>. <see cref="RunOnceAsync"/> is one round (tests run it on a clock of theirs).
/// </summary>
public sealed class AccountHousekeeping(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AccountHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>The smallest Hub:AuditDays: above the longest idle limit (180 days), so re-enabled accounts are still in the log.</summary>
    public const int MinimumAuditDays = 180;

    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<(IReadOnlyList<string> Disabled, int AuditDeleted)> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false); // the timer's round and a test's never overlap
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var idle = scope.ServiceProvider.GetRequiredService<IdleAccounts>();
            var disabled = await idle.DisableIdleAsync(cancellationToken).ConfigureAwait(false);
            int deleted = await idle.PurgeAuditAsync(cancellationToken).ConfigureAwait(false);
            if (disabled.Count > 0 || deleted > 0)
            {
                logger.LogInformation("Account job: {Disabled} idle account(s) disabled, {Deleted} audit entries past their keeping time deleted", disabled.Count, deleted);
            }

            return (disabled, deleted);
        }
        finally
        {
            _one.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be busy or away for a moment: tomorrow's round tries again.
                logger.LogWarning("The account job (idle accounts, audit log keeping) failed, trying again in a day: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        _one.Dispose();
        base.Dispose();
    }
}
