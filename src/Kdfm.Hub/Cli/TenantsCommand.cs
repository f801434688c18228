using System.CommandLine;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Cli;

/// <summary><c>kdfm-hub tenants add NAME --kind dealer|customer|site [--parent NAME]</c> and <c>kdfm-hub tenants list</c>.</summary>
internal static class TenantsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = HubCommandLine.ConfigOption();
        var data = HubCommandLine.DataOption();
        var name = new Argument<string>("NAME") { Description = "The tenant's name (unique in the hub)" };
        var kind = new Option<string>("--kind") { Description = "dealer, customer or site", Required = true };
        kind.AcceptOnlyFromAmong([.. TenantKinds.All]);
        var parent = new Option<string?>("--parent") { Description = "The tenant above: a dealer for a customer, a customer for a site" };
        var add = new Command("add", "Add a tenant to the tree (dealer > customer > site)") { name, kind, parent, config, data };
        add.SetAction((result, cancellationToken) => HubCommandLine.RunAsync(error, "tenants add", async () =>
        {
            var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
            await using var services = OperatorServices.Build(options);
            await using var scope = services.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
            var added = await admin.AddTenantAsync(Actor.Operator, result.GetValue(name)!, result.GetValue(kind)!, result.GetValue(parent), cancellationToken).ConfigureAwait(false);
            if (!added.Succeeded)
            {
                await error.WriteLineAsync($"kdfm-hub tenants add: {added.Problem}").ConfigureAwait(false);
                return 1;
            }

            await output.WriteLineAsync($"tenant {added.Value!.Name} ({added.Value.Kind})").ConfigureAwait(false);
            return 0;
        }));
        var list = new Command("list", "The tenant tree") { config, data };
        list.SetAction((result, cancellationToken) => HubCommandLine.RunAsync(error, "tenants list", async () =>
        {
            var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
            await using var services = OperatorServices.Build(options);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HubDb>();
            var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
            foreach (var tenant in tree.All.OrderBy(t => string.Join('/', tree.PathTo(t.Id).Select(p => p.Name)), StringComparer.Ordinal))
            {
                int depth = tree.PathTo(tenant.Id).Count - 1;
                await output.WriteLineAsync($"{new string(' ', depth * 2)}{tenant.Name} ({tenant.Kind})").ConfigureAwait(false);
            }

            return 0;
        }));
        return new Command("tenants", "The tenant tree: dealers, their customers, their sites") { add, list };
    }
}
