namespace Kdfm.Hub.WebAccess;

/// <summary>
/// At the start, ends the sessions a previous hub left open (their origins are gone); then every few seconds ends the
/// sessions past their time (an expired session's port is closed at sshd within seconds, not at the next login), writes
/// sshd's answers anew, and ends the tunnel connections that serve no open session (<see cref="SshServer.Reap"/>).
/// </summary>
public sealed class WebSessionJob(IServiceScopeFactory scopes, SshServer ssh, TimeProvider clock, ILogger<WebSessionJob> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>How long a tunnel connection may forward nothing: its forward comes within a second of its login.</summary>
    public static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(30);

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
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await using var scope = scopes.CreateAsyncScope();
                var sessions = scope.ServiceProvider.GetRequiredService<WebSessions>();
                await sessions.EndExpiredAsync(stoppingToken).ConfigureAwait(false);
                // The answers written anew each time (cheap): whatever happened, sshd answers for the open sessions only.
                await sessions.SyncAnswersAsync(stoppingToken).ConfigureAwait(false);
                ssh.Reap(await sessions.OpenForwardPortsAsync(stoppingToken).ConfigureAwait(false), ReapGrace);
            }
        }
        catch (OperationCanceledException)
        {
            // The hub stops.
        }
    }
}
