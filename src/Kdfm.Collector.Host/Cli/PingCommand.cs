using System.CommandLine;
using System.Globalization;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// <c>kdfm-collector ping TARGET [-c COUNT] [-s SIZE] [--timeout-ms MS]</c>: what a ping task does, from the site server's
/// command line (the same checks, the same echo requests, the same sentence when this machine does not let the collector
/// ping). Exit 0 when a reply came, 1 when none did, 2 when the ping could not go out.
/// </summary>
internal static class PingCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = new Argument<string>("TARGET") { Description = "An address or a host name" };
        var count = new Option<int>("-c", "--count") { Description = $"Echo requests (1–{PingRequests.MaxCount})", DefaultValueFactory = _ => PingRequests.DefaultCount };
        var size = new Option<int>("-s", "--size") { Description = $"Payload bytes (0–{PingRequests.MaxSize})", DefaultValueFactory = _ => PingRequests.DefaultSize };
        var timeout = new Option<int>("--timeout-ms")
        {
            Description = $"Wait for each reply ({PingRequests.MinTimeoutMs}–{PingRequests.MaxTimeoutMs} ms)", DefaultValueFactory = _ => PingRequests.DefaultTimeoutMs,
        };
        var command = new Command("ping", "Send ICMP echo requests as a ping task does (needs iputils-ping or CAP_NET_RAW)") { target, count, size, timeout };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var (request, problem) = PingRequests.Normalize(new PingRequest
            {
                Target = result.GetValue(target)!, Count = result.GetValue(count), Size = result.GetValue(size), TimeoutMs = result.GetValue(timeout),
            });
            if (request is null)
            {
                throw new UsageException(problem!);
            }

            var outcome = await PingRun.RunAsync(SystemEcho.Shared, PingRun.SystemResolver, request.Target, request.Count, request.Size,
                TimeSpan.FromMilliseconds(request.TimeoutMs), cancellationToken).ConfigureAwait(false);
            if (outcome is not PingReport report)
            {
                await error.WriteLineAsync(((PingFailure)outcome).Message).ConfigureAwait(false);
                return CommandRunner.UsageFailure;
            }

            foreach (var probe in report.Probes)
            {
                await output.WriteLineAsync(probe.Replied
                    ? string.Create(CultureInfo.InvariantCulture, $"{report.Address}: seq={probe.Sequence} {probe.Status} rtt={probe.RttMs:F3} ms")
                    : $"{report.Address}: seq={probe.Sequence} {probe.Status}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(report.Summary()).ConfigureAwait(false);
            return report.Received > 0 ? 0 : 1;
        }, cancellationToken));
        return command;
    }
}
