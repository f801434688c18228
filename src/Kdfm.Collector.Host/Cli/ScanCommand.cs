using System.CommandLine;
using System.Globalization;
using System.Text;
using Kdfm.Collector;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// <c>kdfm-collector scan TARGET... [snmp options] [--format table|json|csv] [--concurrency N] [--timeout MS] [--retries N]</c>:
/// a one-shot discovery and snapshot of every printer found, on the collector's own actors.
/// </summary>
internal static class ScanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snmp = new SnmpOptions();
        var targets = new Argument<string[]>("TARGET") { Description = "CIDR blocks, first-last ranges, addresses or host names", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "table, json (SNAPSHOT.md array) or csv", DefaultValueFactory = _ => "table" };
        var concurrency = new Option<int>("--concurrency") { Description = "Probes in flight", DefaultValueFactory = _ => 256 };
        var timeout = new Option<int?>("--timeout") { Description = "Timeout of each attempt, in milliseconds (overrides -t)" };
        var retries = new Option<int?>("--retries") { Description = "Retries after a timeout (overrides -r)" };
        var rate = new Option<int>("--rate") { Description = "Probe packets per second, 0 for no cap", DefaultValueFactory = _ => 500 };
        var exclude = new Option<string[]>("--exclude") { Description = "Addresses or ranges not to probe", AllowMultipleArgumentsPerToken = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line" };
        var progressLines = new Option<bool>("--progress") { Description = "Progress on stderr even when it is not a terminal, one line per step (for logs)" };
        var port = new Option<int>("--port") { Description = "UDP port of the agents", DefaultValueFactory = _ => 161 };
        var command = new Command("scan", "Discover the printers in the targets and read each one") { targets, format, concurrency, timeout, retries, rate, exclude, quiet, progressLines, port };
        snmp.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            string chosen = result.GetValue(format)!.ToLowerInvariant();
            if (chosen is not ("table" or "json" or "csv"))
            {
                throw new UsageException($"--format {chosen}: expected table, json or csv");
            }

            var (version, community, user) = snmp.BuildCredentials(result);
            var settings = new CollectorSettings
            {
                Targets = [.. result.GetValue(targets)!],
                Exclusions = [.. result.GetValue(exclude) ?? []],
                Profiles = [new CredentialProfile("command line", version, community, user)],
                Timeout = result.GetValue(timeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(result.GetValue(snmp.Timeout)),
                Retries = result.GetValue(retries) ?? result.GetValue(snmp.Retries),
                Concurrency = result.GetValue(concurrency),
                PacketsPerSecond = result.GetValue(rate),
                Port = result.GetValue(port),
            };
            if (settings.Validate() is { IsEmpty: false } problems)
            {
                throw new UsageException(string.Join("; ", problems));
            }

            bool terminal = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
            bool lines = result.GetValue(progressLines) && !terminal;
            bool showProgress = !result.GetValue(quiet) && (terminal || lines);
            var node = CollectorNode.Start(settings);
            try
            {
                var progress = !showProgress ? null
                    : lines ? new Progress<ScanProgress>(p => error.WriteLine(Describe(p)))
                    : new Progress<ScanProgress>(p => error.Write("\r" + Describe(p) + "   "));
                var scan = await node.ScanAsync(settings.Targets, progress, cancellationToken).ConfigureAwait(false);
                if (showProgress && !lines)
                {
                    await error.WriteLineAsync().ConfigureAwait(false);
                }

                await WarnAsync(error, scan).ConfigureAwait(false);
                await output.WriteAsync(chosen switch
                {
                    "json" => SnapshotJson.Serialize(scan.Snapshots) + "\n",
                    "csv" => SnapshotList.Csv(scan.Snapshots),
                    _ => SnapshotList.Table(scan.Snapshots) + SameIdentityNotes(scan.Snapshots) +
                         string.Create(CultureInfo.InvariantCulture, $"{scan.Snapshots.Length} printers in {scan.Discovery.Probed} addresses, {scan.Discovery.Elapsed.TotalSeconds:F1} s\n"),
                }).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return scan.Interrupted ? CommandRunner.Interrupted : 0;
            }
            finally
            {
                // Interrupted: the process ends within Termination.Grace whether or not the actor system has stopped.
                var stopping = node.DisposeAsync().AsTask();
                await (cancellationToken.IsCancellationRequested ? Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)) : stopping).ConfigureAwait(false);
            }
        }, cancellationToken));
        return command;
    }

    private static async Task WarnAsync(TextWriter error, ScanResult scan)
    {
        foreach (var failed in scan.FailedTargets)
        {
            await error.WriteLineAsync($"warning: {failed.Target}: {failed.Reason}").ConfigureAwait(false);
        }

        foreach (var unreadable in scan.Unreadable)
        {
            await error.WriteLineAsync($"warning: {unreadable.EndPoint.Address} answered discovery but could not be read: {unreadable.Failure.Describe()}").ConfigureAwait(false);
        }

        if (!scan.Discovery.Unfinished.IsEmpty && !scan.Interrupted)
        {
            await error.WriteLineAsync($"warning: discovery reached its deadline before finishing {string.Join(", ", scan.Discovery.Unfinished)}").ConfigureAwait(false);
        }

        if (scan.Interrupted)
        {
            string pending = scan.Pending.IsEmpty ? string.Empty : $"; found but not read yet: {string.Join(", ", scan.Pending.Select(p => p.Address))}";
            await error.WriteLineAsync($"interrupted: {scan.Snapshots.Length} printers read so far, {scan.Discovery.Probed} addresses probed{pending}").ConfigureAwait(false);
        }
    }

    /// <summary>Below the table: each address that answers with the identity of another one.</summary>
    private static string SameIdentityNotes(IEnumerable<DeviceSnapshot> snapshots)
    {
        var notes = new StringBuilder();
        foreach (var s in snapshots.Where(s => s.SameIdentityAs is not null))
        {
            notes.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Address}: same identity as {s.SameIdentityAs} ({s.Key}): one printer with two addresses, or a cloned configuration; run polls it at {s.SameIdentityAs} only");
        }

        return TerminalText.Printable(notes.ToString());
    }

    private static string Describe(ScanProgress p)
    {
        double rate = p.Elapsed.TotalSeconds > 0 ? p.Probed / p.Elapsed.TotalSeconds : 0;
        string left = rate > 0 && p.Total > p.Probed ? $" · ~{(p.Total - p.Probed) / rate:F0} s left" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"probed {p.Probed}/{p.Total} · printers {p.Found} (read {p.Read}) · {rate:F0} addresses/s{left}");
    }

}
