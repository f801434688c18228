using System.CommandLine;

namespace Kdfm.Hub.Cli;

/// <summary><c>kdfm-hub serve [--config FILE] [--data DIR]</c> (also what <c>kdfm-hub</c> alone does).</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = HubCommandLine.ConfigOption();
        var data = HubCommandLine.DataOption();
        var command = new Command("serve", "Run the hub: gRPC for agents, MQTT (WSS /mqtt and TLS), the read API") { config, data };
        command.SetAction(async (result, cancellationToken) =>
        {
            HubApp.Started started;
            HubOptions options;
            try
            {
                options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
                started = HubApp.Build(options);
            }
            catch (HubConfigurationException e)
            {
                await error.WriteLineAsync($"Configuration error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            try
            {
                await started.App.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"kdfm-hub: cannot listen: {e.Message} (ports: Hub:HttpsPort {options.HttpsPort}, Hub:MqttTlsPort {options.MqttTlsPort}; " +
                    "environment KDFM_Hub__HttpsPort / KDFM_Hub__MqttTlsPort)").ConfigureAwait(false);
                return 1;
            }

            await output.WriteLineAsync($"kdfm-hub ready: {started.Url} (gRPC for agents, API /api/v1, MQTT over WSS {started.Url}mqtt)" +
                (options.MqttTlsPort > 0 && string.IsNullOrEmpty(options.ExternalBroker) ? $", MQTT/TLS {options.ListenAddress}:{options.MqttTlsPort}" : "")).ConfigureAwait(false);
            await output.WriteLineAsync($"  certificate SHA-256: {started.Fingerprint}").ConfigureAwait(false);
            // The token itself is never printed (terminals, logs and CI keep what they show): only where it is.
            await output.WriteLineAsync(started.AdminTokenSource == HubApp.AdminTokenPath(options)
                ? $"  admin token: in {started.AdminTokenSource} (as a header for curl: -H @{HubApp.AdminTokenHeaderPath(options)})"
                : $"  admin token: from {started.AdminTokenSource} (the configuration)").ConfigureAwait(false);
            await output.WriteLineAsync($"  data: {options.DataDirectory}").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await started.App.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
