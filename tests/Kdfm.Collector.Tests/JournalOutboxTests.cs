using Kdfm.Collector.Configuration;
using Kdfm.Collector.Gateway;
using Kdfm.Testing;
using Microsoft.Data.Sqlite;

namespace Kdfm.Collector.Tests;

/// <summary>The outbox reads the journal past a damaged row: the row comes out without a snapshot, with why, in its place.</summary>
public class JournalOutboxTests
{
    [Fact]
    public async Task A_damaged_reading_comes_out_in_order_with_its_problem_instead_of_stopping_the_batch()
    {
        using var data = new TempDirectory("kdfm-outbox-");
        string path = data["collector.db"];
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var settings = new CollectorSettings { Targets = [fleet.RangeText], Port = fleet[0].Port, Timeout = TimeSpan.FromSeconds(1), PacketsPerSecond = 0 };
        await using (var node = CollectorNode.Start(settings, path))
        {
            Assert.Equal(5, (await node.ScanAsync(settings.Targets).WaitAsync(TimeSpan.FromSeconds(60))).Snapshots.Length);
        }

        SqliteConnection.ClearAllPools();
        long damaged;
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var pick = connection.CreateCommand();
            pick.CommandText = "SELECT ordering FROM journal WHERE manifest = 'ReadingTaken.v1' ORDER BY ordering LIMIT 1 OFFSET 2";
            damaged = (long)pick.ExecuteScalar()!;
            using var damage = connection.CreateCommand();
            damage.CommandText = $"UPDATE journal SET message = x'0aff01' WHERE ordering = {damaged}";
            damage.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var outbox = new JournalOutbox(path);
        var batch = outbox.NextBatch(outbox.FixBase(1000), 100);

        Assert.Equal(5, batch.Count);
        Assert.Equal(batch.Select(p => p.Sequence).Order(), batch.Select(p => p.Sequence));
        var bad = Assert.Single(batch, p => p.Snapshot is null);
        Assert.Equal(1000 + damaged, bad.Sequence);
        Assert.False(string.IsNullOrEmpty(bad.Problem));
        Assert.All(batch.Where(p => p != bad), p => Assert.NotNull(p.Snapshot));
    }
}
