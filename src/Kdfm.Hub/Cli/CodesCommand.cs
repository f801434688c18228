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
        var tenant = new Option<string>("--tenant") { Description = "The customer or site the agent will belong to (kdfm-hub tenants add)", Required = true };
        var create = new Command("create", "Make a one-use enrolment code (dead after 5 failed attempts)") { tenant, config, data };
        create.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
                await using var db = HubStorage.Open(options);
                var enrolment = new Enrolment(db, TimeProvider.System);
                string name = result.GetValue(tenant)!;
                var found = await db.Tenants.FirstOrDefaultAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false);
                if (found is null)
                {
                    await error.WriteLineAsync($"kdfm-hub codes create: no tenant {name}; add it first: kdfm-hub tenants add {name} --kind customer --parent DEALER").ConfigureAwait(false);
                    return 1;
                }

                var (code, problem) = await enrolment.CreateCodeAsync(found, TimeSpan.FromDays(options.EnrolmentCodeDays), cancellationToken).ConfigureAwait(false);
                if (code is null)
                {
                    await error.WriteLineAsync($"kdfm-hub codes create: {problem}").ConfigureAwait(false);
                    return 1;
                }

                await new Access.AuditLog(db, TimeProvider.System, new HttpContextAccessor()).WriteAsync("kdfm-hub", found.Id, Access.AuditActions.CodeCreated, found.Name, code.Code.Split('-')[0],
                    cancellationToken: cancellationToken).ConfigureAwait(false);
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
