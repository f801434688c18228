namespace Kdfm.Hub.Storage;

/// <summary>The ingest's store for the configured database (Hub:Database), registered once at start-up.</summary>
public static class ReadingStoreServices
{
    public static IServiceCollection AddReadingStore(this IServiceCollection services, HubOptions options)
    {
        if (HubStorage.IsPostgres(options))
        {
            return services.AddScoped<IReadingStore, PostgresReadingStore>();
        }

        // One writer lock per hub: its database is its own, so two hubs in one process never wait on each other.
        services.AddSingleton<SqliteWriterLock>();
        return services.AddScoped<IReadingStore, SqliteReadingStore>();
    }
}
