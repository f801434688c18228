using System.CommandLine;
using Akka.Hosting;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Hosting;
using Kdfm.Collector.Host.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// <c>kdfm-collector run [--config FILE] [--data DIR]</c>: the long-running collector as a generic host (stops cleanly on
/// SIGTERM and Ctrl+C). Configuration: appsettings.json beside the program, then FILE, then KDFM_* environment
/// variables (e.g. KDFM_Collector__Targets__0=127.20.0.0/22).
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (section \"Collector\")" };
        var data = new Option<string?>("--data") { Description = "Data directory (overrides Collector:DataDirectory)" };
        var command = new Command("run", "Run the collector: discover, poll every device on its schedule, keep readings in the local store") { config, data };
        command.SetAction(async (result, cancellationToken) =>
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
            if (result.GetValue(config) is { } file)
            {
                if (!File.Exists(file))
                {
                    await error.WriteLineAsync($"Configuration error: --config {file}: no such file").ConfigureAwait(false);
                    return CommandRunner.UsageFailure;
                }

                builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
            }

            builder.Configuration.AddEnvironmentVariables("KDFM_");
            var options = new CollectorOptions();
            builder.Configuration.GetSection("Collector").Bind(options);
            if (result.GetValue(data) is { } directory)
            {
                options.DataDirectory = directory;
            }

            var (settings, collectorProblems) = SettingsBuilder.Build(options);
            var gateway = new GatewaySettings { PollInterval = TimeSpan.FromSeconds(Math.Max(5, options.Gateway.PollIntervalSeconds)), MqttUrl = options.Gateway.MqttUrl, MqttPin = options.Gateway.MqttPin,
                KeepAcknowledged = TimeSpan.FromDays(Math.Max(0, options.Gateway.KeepAcknowledgedDays)), WebAccessPorts = options.Gateway.WebAccessPorts,
                WebAccessInsideTargets = options.Gateway.WebAccessInsideTargets };
            var (store, cluster, nodeProblems) = SettingsBuilder.BuildNode(options);
            var problems = collectorProblems.AddRange(gateway.Validate()).AddRange(nodeProblems);
            if (!problems.IsEmpty)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"Configuration error: {problem}").ConfigureAwait(false);
                }

                return CommandRunner.UsageFailure;
            }

            Directory.CreateDirectory(options.DataDirectory);
            AgentIdentity? identity;
            try
            {
                identity = AgentIdentity.Load(options.DataDirectory);
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync($"Configuration error: {e.Message}").ConfigureAwait(false);
                return CommandRunner.UsageFailure;
            }

            if (identity is not null && store.Provider != StoreProvider.Sqlite)
            {
                // Issue 12 in progress: the outbox reads the SQLite journal until it reads through Akka.Persistence.Query.
                await error.WriteLineAsync("Configuration error: Collector:Store:Provider: an activated collector keeps its readings in SQLite for now (the outbox does not read PostgreSQL yet); use sqlite").ConfigureAwait(false);
                return CommandRunner.UsageFailure;
            }

            builder.Services.AddSingleton(options);
            builder.Services.AddKdfmCollector(settings, store, cluster, (akka, _) =>
            {
                akka.ConfigureLoggers(loggers => loggers.ClearLoggers().AddLoggerFactory());
                if (identity is not null)
                {
                    akka.AddKdfmGateway(identity, gateway, options.DataDirectory, store);
                }
            });
            // Ctrl+C and SIGTERM stop run within 2 s (Termination ends the process then in any case): the host gives its
            // services 1.5 s. Every reading is stored before it counts, so a stop cut short loses nothing (tested with SIGKILL).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1.5));
            builder.Services.AddHostedService<CollectorService>();
            builder.Services.AddHostedService<MemoryTrimmer>();
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
