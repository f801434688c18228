using System.CommandLine;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;

namespace Kdfm.Hub.Cli;

/// <summary><c>kdfm-hub tokens create --user EMAIL [--days N] [--name NAME]</c>: prints a personal API token with that user's scope.</summary>
internal static class TokensCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = HubCommandLine.ConfigOption();
        var data = HubCommandLine.DataOption();
        var user = new Option<string>("--user") { Description = "The user whose permissions and tenant the token carries", Required = true };
        var days = new Option<int>("--days") { Description = $"How long it works (1 to {AccountAdmin.MaxTokenDays})", DefaultValueFactory = _ => 90 };
        var name = new Option<string>("--name") { Description = "What it is for (shown in the portal)", DefaultValueFactory = _ => "command line" };
        var create = new Command("create", "Make a personal API token (printed once)") { user, days, name, config, data };
        create.SetAction((result, cancellationToken) => HubCommandLine.RunAsync(error, "tokens create", async () =>
        {
            var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
            await using var services = OperatorServices.Build(options);
            await using var scope = services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(result.GetValue(user)!).ConfigureAwait(false);
            if (found is null)
            {
                await error.WriteLineAsync($"kdfm-hub tokens create: no user {result.GetValue(user)}").ConfigureAwait(false);
                return 1;
            }

            var made = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddTokenAsync(Actor.Operator, found, result.GetValue(name)!, result.GetValue(days), cancellationToken)
                .ConfigureAwait(false);
            if (!made.Succeeded)
            {
                await error.WriteLineAsync($"kdfm-hub tokens create: {made.Problem}").ConfigureAwait(false);
                return 1;
            }

            await output.WriteLineAsync(made.Value.Secret).ConfigureAwait(false);
            await error.WriteLineAsync($"for {found.Email}, until {made.Value.Token.ExpiresAt:yyyy-MM-dd}: Authorization: Bearer TOKEN (shown once; revocable in the portal)")
                .ConfigureAwait(false);
            return 0;
        }));
        return new Command("tokens", "Personal API tokens") { create };
    }
}
