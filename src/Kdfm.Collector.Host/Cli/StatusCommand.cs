using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Host.Service;

namespace Kdfm.Collector.Host.Cli;

/// <summary><c>kdfm-collector status [--data DIR] [--format text|json]</c>: the agent identity, the hub link and the outbox, also while run runs.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "Data directory of the collector", DefaultValueFactory = _ => CollectorOptions.DefaultDataDirectory };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        var command = new Command("status", "Show the hub link (activation, last poll, uploads, MQTT) and the local store") { data, format };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            string directory = result.GetValue(data)!;
            AgentIdentity? identity;
            try
            {
                identity = AgentIdentity.Load(directory);
            }
            catch (InvalidDataException e)
            {
                throw new UsageException(e.Message);
            }

            var status = GatewayStatus.Load(directory);
            string store = Path.Combine(directory, "collector.db");
            long readings = File.Exists(store) ? StoreReader.ReadingCount(store) : 0;
            int devices = File.Exists(store) ? StoreReader.LastReadings(store).Count : 0;
            if (string.Equals(result.GetValue(format), "json", StringComparison.OrdinalIgnoreCase))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    activated = identity is not null, hub = identity?.Hub.ToString(), agentId = identity?.AgentId, tenant = identity?.Tenant,
                    activationFailures = Activation.Failures(directory), devices, readings, gateway = status,
                }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true })).ConfigureAwait(false);
                return 0;
            }

            var lines = new List<string>
            {
                identity is null
                    ? $"not activated ({Activation.Failures(directory)} failed attempts of {Activation.MaxFailures}): kdfm-collector activate --hub URL --code CODE"
                    : $"agent {identity.AgentId} (tenant {identity.Tenant}) at {identity.Hub}{(identity.Pin is null ? "" : ", certificate pinned")}",
                $"store: {devices} devices, {readings} readings",
            };
            if (status is not null)
            {
                lines.Add($"last poll: {When(status.LastPollAt)}{(status.PollError.Length > 0 ? $" FAILED: {status.PollError}" : " ok")}");
                lines.Add($"uploads: {status.Uploaded} this run, acknowledged up to {status.AcknowledgedSequence}, {status.OutboxPending} waiting" +
                    (status.UploadError.Length > 0 ? $"; FAILING: {status.UploadError}" : ""));
                if (status.RefusedReadings > 0)
                {
                    lines.Add($"refused readings: {status.RefusedReadings} skipped for good; the latest:");
                    lines.AddRange(status.LastRefusals.TakeLast(5).Select(r => $"  #{r.Sequence} {r.DeviceKey ?? "(unknown device)"} {When(r.At)}: {r.Code}: {r.Reason}"));
                }

                lines.Add($"mqtt: {(status.MqttConnected ? "connected" : "not connected")}{(status.MqttError.Length > 0 ? $" ({status.MqttError})" : "")}");
                lines.Add($"status written {When(status.UpdatedAt)}");
            }
            else if (identity is not null)
            {
                lines.Add("the gateway has not run yet (kdfm-collector run)");
            }

            foreach (string line in lines)
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "never";
}
