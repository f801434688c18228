namespace Kdfm.Hub.WebAccess;

/// <summary>
/// At the start, ends the sessions a previous hub left open (their origins are gone); then every few seconds ends the
/// sessions past their time, so that an expired session's port is closed at sshd within seconds, not at the next login.
/// </summary>
public sealed class WebSessionJob(IServiceScopeFactory scopes, SshServer ssh, TimeProvider clock, ILogger<WebSessionJob> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                int left = await scope.ServiceProvider.GetRequiredService<WebSessions>().EndLeftOpenAsync(stoppingToken).ConfigureAwait(false);
                if (left > 0)
                {
                    logger.LogInformation("Ended {Count} Device Web Access session(s) left open by the hub before", left);
                }
            }

            using var timer = new PeriodicTimer(Period, clock);
            int starts = ssh.Starts;
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await using var scope = scopes.CreateAsyncScope();
                var sessions = scope.ServiceProvider.GetRequiredService<WebSessions>();
                await sessions.EndExpiredAsync(stoppingToken).ConfigureAwait(false);
                if (ssh.Starts != starts)
                {
                    // sshd was started again: its answers are the hub's files, written anew to be sure.
                    starts = ssh.Starts;
                    await sessions.SyncAnswersAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The hub stops.
        }
    }
}
