namespace Kdfm.Hub.Portal.Fleet;

/// <summary>The fleet pages' services: summaries kept up to date in the background, and the queries the pages call.</summary>
public static class FleetRegistration
{
    public static IServiceCollection AddFleet(this IServiceCollection services)
    {
        services.AddScoped<DeviceSummaries>();
        services.AddScoped<DeviceList>();
        services.AddScoped<DeviceDetail>();
        services.AddScoped<DevicePings>();
        services.AddScoped<FleetDashboard>();
        services.AddScoped<MeterExport>();
        services.AddScoped<DefinedMeters>();
        services.AddScoped<HandlerPermission>();
        services.AddScoped<AgentOverview>();
        services.AddSingleton<DeviceSummaryJob>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceSummaryJob>());
        return services;
    }
}
