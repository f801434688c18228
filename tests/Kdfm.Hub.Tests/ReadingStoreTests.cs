using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Kdfm.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>The ingest's store is chosen by the configured database, and SQLite's writer lock belongs to one hub.</summary>
public sealed class ReadingStoreTests
{
    [Fact]
    public async Task Two_hubs_in_one_process_do_not_share_the_sqlite_writer_lock()
    {
        await using var first = await TestHub.StartAsync();
        await using var second = await TestHub.StartAsync();
        var firstLock = first.Started.App.Services.GetRequiredService<SqliteWriterLock>();
        Assert.NotSame(firstLock, second.Started.App.Services.GetRequiredService<SqliteWriterLock>());
        using (var scope = second.Started.App.Services.CreateScope())
        {
            Assert.IsType<SqliteReadingStore>(scope.ServiceProvider.GetRequiredService<IReadingStore>());
        }

        // The first hub's writer is held: the second hub stores all the same (a shared lock would leave the call to its deadline).
        var (agent, credential) = await second.ActivateAsync();
        using (await firstLock.EnterAsync(CancellationToken.None))
        {
            var answer = await second.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now), Reading(2, "hp:A2", Now) } },
                new CallOptions(TestHub.Auth(agent, credential), DateTime.UtcNow + Eventually.DefaultDeadline));
            Assert.Equal((2L, 2), (answer.AcknowledgedSequence, answer.Stored));
        }
    }

    [Fact]
    public async Task A_hub_on_postgresql_stores_through_the_postgresql_store_and_takes_no_sqlite_lock()
    {
        using var postgres = await PostgresServer.StartAsync();
        await using var hub = await TestHub.StartAsync(o =>
        {
            o.Database = "postgresql";
            o.ConnectionString = postgres.ConnectionString("kdfm_store_test");
        });
        using var scope = hub.Started.App.Services.CreateScope();
        Assert.IsType<PostgresReadingStore>(scope.ServiceProvider.GetRequiredService<IReadingStore>());
        Assert.Null(hub.Started.App.Services.GetService<SqliteWriterLock>());
    }
}
