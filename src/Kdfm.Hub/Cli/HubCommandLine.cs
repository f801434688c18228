using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace Kdfm.Hub.Cli;

/// <summary>Options shared by the hub's commands, and the configuration they read.</summary>
internal static class HubCommandLine
{
    public static Option<string?> ConfigOption() => new("--config") { Description = "A JSON configuration file (section \"Hub\")" };

    public static Option<string?> DataOption() => new("--data") { Description = "Data directory (overrides Hub:DataDirectory)" };

    /// <summary>appsettings.json beside the program, then FILE, then KDFM_* environment variables (KDFM_Hub__HttpsPort=…).</summary>
    public static HubOptions Bind(IConfigurationBuilder configuration, string? file, string? data)
    {
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new HubConfigurationException($"--config {file}: no such file");
            }

            configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        configuration.AddEnvironmentVariables("KDFM_");
        var options = new HubOptions();
        ((IConfiguration)configuration.Build()).GetSection("Hub").Bind(options);
        if (data is not null)
        {
            options.DataDirectory = data;
        }

        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        if (options.MaxReadingKilobytes < 1)
        {
            throw new HubConfigurationException($"Hub:MaxReadingKilobytes: {options.MaxReadingKilobytes} is not a size (kilobytes of snapshot JSON one reading may carry, at least 1)");
        }

        if (options.AgentQuotaMegabytes < 0)
        {
            throw new HubConfigurationException($"Hub:AgentQuotaMegabytes: {options.AgentQuotaMegabytes} is not a quota (megabytes of readings per agent; 0 = no quota)");
        }

        return options;
    }

    /// <summary>The boundary of an operator command: a configuration or store problem is one line on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(TextWriter error, string command, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HubConfigurationException or Microsoft.EntityFrameworkCore.DbUpdateException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"kdfm-hub {command}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
