using System.CommandLine;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Host.Service;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// <c>kdfm-collector activate --hub URL --code CODE [--pin SHA256] [--data DIR]</c> and <c>activate --reset</c>: this
/// installation's agent identity, kept in the data directory (owner-only). Exit 0 activated, 1 refused or unreachable,
/// 2 usage (or activation disabled after 5 failures).
/// </summary>
internal static class ActivateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var hub = new Option<string?>("--hub") { Description = "The hub's URL, e.g. https://hub.example.com (or https://127.0.0.1:7443)" };
        var code = new Option<string?>("--code") { Description = "An enrolment code from kdfm-hub codes create" };
        var pin = new Option<string?>("--pin") { Description = "The hub certificate's SHA-256 fingerprint (printed by kdfm-hub); needed for a self-signed hub" };
        var data = new Option<string>("--data") { Description = "Data directory of the collector", DefaultValueFactory = _ => CollectorOptions.DefaultDataDirectory };
        var reset = new Option<bool>("--reset") { Description = "Forget this installation's identity and failed attempts (an operator's action)" };
        var command = new Command("activate", "Activate this installation with the hub (an enrolment code for an agent identity)") { hub, code, pin, data, reset };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            string directory = result.GetValue(data)!;
            Directory.CreateDirectory(directory);
            if (result.GetValue(reset))
            {
                Activation.Reset(directory);
                await output.WriteLineAsync($"Activation reset in {Path.GetFullPath(directory)}: the identity and the failed attempts are forgotten").ConfigureAwait(false);
                return 0;
            }

            if (result.GetValue(hub) is not { } hubText || result.GetValue(code) is not { } codeText)
            {
                throw new UsageException("activate needs --hub URL and --code CODE (or --reset)");
            }

            if (!Uri.TryCreate(hubText, UriKind.Absolute, out var hubUri) || hubUri.Scheme != Uri.UriSchemeHttps)
            {
                throw new UsageException($"--hub {hubText}: expected an https:// URL");
            }

            if (result.GetValue(pin) is { } pinText && HubConnection.Normalize(pinText).Length != 64)
            {
                throw new UsageException($"--pin {pinText}: expected a SHA-256 fingerprint (64 hex digits, colons allowed)");
            }

            if (Activation.Failures(directory) >= Activation.MaxFailures)
            {
                throw new UsageException($"activation is disabled after {Activation.MaxFailures} failed attempts; an operator must run kdfm-collector activate --reset --data {directory}");
            }

            var version = typeof(ActivateCommand).Assembly.GetName().Version?.ToString() ?? "0";
            var outcome = await Activation.ActivateAsync(hubUri, codeText, result.GetValue(pin), directory, version, cancellationToken).ConfigureAwait(false);
            if (outcome.Identity is null)
            {
                await error.WriteLineAsync($"Activation failed: {outcome.Error}").ConfigureAwait(false);
                return 1;
            }

            await output.WriteLineAsync($"Activated as agent {outcome.Identity.AgentId} (tenant {outcome.Identity.Tenant}) at {hubUri}; identity in {Path.GetFullPath(Path.Combine(directory, AgentIdentity.FileName))}")
                .ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }
}
