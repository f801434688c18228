using System.CommandLine;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;

namespace Kdfm.Hub.Cli;

/// <summary>
/// <c>kdfm-hub users add EMAIL --tenant NAME --role ROLE</c>: prints a one-time link to set the password; with
/// <c>--password-stdin</c> (scripts, the demo) the password is read from the first line of standard input instead, never
/// from the command line (ps shows command lines).
/// </summary>
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
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line) instead of printing a link" };
        var add = new Command("add", "Add a portal user; prints a one-time link to set the password") { email, tenant, role, name, passwordStdin, config, data };
        add.SetAction((result, cancellationToken) => HubCommandLine.RunAsync(error, "users add", async () =>
        {
            var options = HubCommandLine.Bind(new ConfigurationManager(), result.GetValue(config), result.GetValue(data));
            await using var services = OperatorServices.Build(options);
            await using var scope = services.CreateAsyncScope();
            var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
            var userManager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            string? password = null;
            if (result.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.TrimEnd('\r');
                string? weak = await WeakPasswordAsync(userManager, password).ConfigureAwait(false);
                if (weak is not null)
                {
                    await error.WriteLineAsync($"kdfm-hub users add: {weak}").ConfigureAwait(false);
                    return 1;
                }
            }

            var added = await admin.AddUserAsync(Actor.Operator, result.GetValue(email)!, result.GetValue(tenant)!, result.GetValue(role)!, result.GetValue(name), cancellationToken)
                .ConfigureAwait(false);
            if (!added.Succeeded)
            {
                await error.WriteLineAsync($"kdfm-hub users add: {added.Problem}").ConfigureAwait(false);
                return 1;
            }

            var (user, token) = added.Value;
            if (password is not null)
            {
                var set = await userManager.ResetPasswordAsync(user, token, password).ConfigureAwait(false);
                await error.WriteLineAsync(set.Succeeded ? $"{user.Email}: password set" : $"kdfm-hub users add: {string.Join(" ", set.Errors.Select(e => e.Description))}")
                    .ConfigureAwait(false);
                return set.Succeeded ? 0 : 1;
            }

            await output.WriteLineAsync(PasswordLink(options, user.Id, token)).ConfigureAwait(false);
            await error.WriteLineAsync($"{user.Email}: open this link within {PortalIdentity.LinkLifetime.TotalDays:F0} days to set the password (it works once)").ConfigureAwait(false);
            return 0;
        }));
        return new Command("users", "Portal users") { add };
    }

    /// <summary>Why <paramref name="password"/> would be refused (the portal's own rules), or null.</summary>
    private static async Task<string?> WeakPasswordAsync(UserManager<PortalUser> users, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "--password-stdin: no password on standard input";
        }

        var probe = new PortalUser { UserName = "probe", Email = "probe@invalid.example" };
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, probe, password).ConfigureAwait(false);
            if (!checkedPassword.Succeeded)
            {
                return string.Join(" ", checkedPassword.Errors.Select(e => e.Description));
            }
        }

        return null;
    }

    public static string PasswordLink(HubOptions options, string userId, string token) =>
        $"{OperatorServices.PortalUrl(options)}/set-password?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";
}
