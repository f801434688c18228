using System.CommandLine;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;

namespace Kdfm.Hub.Cli;

/// <summary><c>kdfm-hub users add EMAIL --tenant NAME --role ROLE</c>: prints a one-time link to set the password.</summary>
internal static class UsersCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = HubCommandLine.ConfigOption();
        var data = HubCommandLine.DataOption();
        var email = new Argument<string>("EMAIL") { Description = "The user's e-mail address (their sign-in name)" };
        var tenant = new Option<string>("--tenant") { Description = "The tenant the user belongs to", Required = true };
        var role = new Option<string>("--role") { Description = "dealer admin, customer admin, technician, viewer, or a tenant's own role", Required = true };
        var name = new Option<string?>("--name") { Description = "The name shown in the portal" };
        var add = new Command("add", "Add a portal user; prints a one-time link to set the password") { email, tenant, role, name, config, data };
        add.SetAction((result, cancellationToken) => HubCommandLine.RunAsync(error, "users add", async () =>
        {
            var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
            await using var services = OperatorServices.Build(options);
            await using var scope = services.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
            var added = await admin.AddUserAsync(Actor.Operator, result.GetValue(email)!, result.GetValue(tenant)!, result.GetValue(role)!, result.GetValue(name), cancellationToken)
                .ConfigureAwait(false);
            if (!added.Succeeded)
            {
                await error.WriteLineAsync($"kdfm-hub users add: {added.Problem}").ConfigureAwait(false);
                return 1;
            }

            var (user, token) = added.Value;
            await output.WriteLineAsync(PasswordLink(options, user.Id, token)).ConfigureAwait(false);
            await error.WriteLineAsync($"{user.Email}: open this link within {PortalIdentity.LinkLifetime.TotalDays:F0} days to set the password (it works once)").ConfigureAwait(false);
            return 0;
        }));
        return new Command("users", "Portal users") { add };
    }

    public static string PasswordLink(HubOptions options, string userId, string token) =>
        $"{OperatorServices.PortalUrl(options)}/set-password?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";
}
