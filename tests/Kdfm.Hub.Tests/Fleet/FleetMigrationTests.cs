using Kdfm.Hub.Storage;
using Kdfm.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>A hub.db of the Initial migration upgrades to the fleet's schema, keeps its rows, and gets its summaries and counters filled.</summary>
public sealed class FleetMigrationTests
{
    public const string Initial = "20261129122134_Initial";

    [Fact]
    public async Task A_database_at_the_initial_migration_upgrades_keeps_its_rows_and_gets_its_summaries()
    {
        using var data = new TempDirectory("kdfm-upgrade-");
        var options = new HubOptions { DataDirectory = data.Path };
        var builder = new DbContextOptionsBuilder<SqliteHubDb>();
        HubStorage.Configure(builder, options);
        var printer = FleetData.SeededPrinters[0];
        using (var old = new SqliteHubDb(builder.Options))
        {
            old.GetInfrastructure().GetRequiredService<IMigrator>().Migrate(Initial);
            Assert.Equal([Initial], old.Database.GetAppliedMigrations());
            // Rows as a hub of the Initial schema wrote them (its ingest's plain SQL, without the summary columns).
            long at = FleetData.Now.ToUnixTimeMilliseconds();
            old.Database.ExecuteSql($"""
                INSERT INTO "Readings" ("TenantId", "AgentId", "Sequence", "DeviceKey", "CollectedAt", "ReceivedAt", "SnapshotJson")
                VALUES (7, 'agt_old', 1, {printer.Key}, {at}, {at}, {FleetData.Snapshot(printer, 0)})
                """);
            old.Database.ExecuteSql($"""
                INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "LastSequence", "Readings")
                VALUES (7, {printer.Key}, 'agt_old', {printer.Address}, {at}, 1, 1, 1)
                """);
        }

        SqliteConnection.ClearAllPools();
        await using var hub = await TestHub.StartAsync(o => o.DataDirectory = data.Path);

        var device = await Eventually.Value(() => hub.WithDbAsync(db => db.Devices.AsNoTracking().SingleAsync()), d => d.SummaryReadingId == 1,
            "the upgraded database's device summarised by the background job");
        Assert.Equal((printer.Key, printer.Address, "Sharp", "MX-3570N", 19, 121104L), (device.Key, device.Address, device.Vendor, device.Model, device.LowestSupplyPercent, device.TotalPages));
        var reading = await hub.WithDbAsync(db => db.Readings.AsNoTracking().SingleAsync());
        Assert.Equal(("agt_old", 1L, FleetData.Snapshot(printer, 0)), (reading.AgentId, reading.Sequence, reading.SnapshotJson));
        await Eventually.True(() => hub.WithDbAsync(db => db.Readings.AnyAsync(r => r.CountersStored)), "the old reading's counters stored");
        Assert.Equal(121104, await hub.WithDbAsync(db => db.DeviceCounters.Where(c => c.ReadingId == 1 && c.Name == "total").Select(c => c.Value).SingleAsync()));
        Assert.Equal(await hub.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().ToList())), await hub.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList()));
    }
}
