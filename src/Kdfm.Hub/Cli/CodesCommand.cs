using System.CommandLine;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Cli;

/// <summary><c>kdfm-hub codes create [--tenant NAME]</c>: an enrolment code for one agent (also POST /api/v1/codes).</summary>
internal static class CodesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = HubCommandLine.ConfigOption();
        var data = HubCommandLine.DataOption();
        var tenant = new Option<string>("--tenant") { Description = "The tenant the agent will belong to (created if new)", DefaultValueFactory = _ => "default" };
        var create = new Command("create", "Make a one-use enrolment code (dead after 5 failed attempts)") { tenant, config, data };
        create.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
                await using var db = HubStorage.Open(options);
                var enrolment = new Enrolment(db, TimeProvider.System);
                var code = await enrolment.CreateCodeAsync(result.GetValue(tenant)!, TimeSpan.FromDays(options.EnrolmentCodeDays), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(code.Code).ConfigureAwait(false);
                await error.WriteLineAsync($"tenant {code.Tenant}, valid until {code.ExpiresAt:yyyy-MM-dd HH:mm} UTC; on the collector: kdfm-collector activate --hub URL --code {code.Code}")
                    .ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is HubConfigurationException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
            {
                await error.WriteLineAsync($"kdfm-hub codes create: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return new Command("codes", "Enrolment codes for agents") { create };
    }
}
