using Kdfm.Hub.Portal;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Cli;

/// <summary>
/// What the operator's commands (tenants, users, tokens) work with: the hub's store, migrated, and the account services
/// with the same Data Protection keys as the running hub (a link made here is checked there).
/// </summary>
internal static class OperatorServices
{
    public static ServiceProvider Build(HubOptions options)
    {
        HubApp.PrepareDataDirectory(options);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddHubStorage(options);
        services.AddPortalIdentity(options);
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        HubStorage.Prepare(scope.ServiceProvider.GetRequiredService<HubDb>());
        return provider;
    }

    /// <summary>The portal's address as the hub serves it (its listening address and port).</summary>
    public static string PortalUrl(HubOptions options) =>
        $"https://{(options.ListenAddress.Contains(':', StringComparison.Ordinal) ? $"[{options.ListenAddress}]" : options.ListenAddress)}:{options.HttpsPort}";
}
