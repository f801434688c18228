using System.Text.Json;
using Kdfm.Agent.V1;

namespace Kdfm.Hub.Tests;

/// <summary>Snapshots as SNAPSHOT.md describes them, with the fields a test cares about.</summary>
public static class TestSnapshots
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    public static string Json(string key, DateTimeOffset collectedAt, long total = 100, string? serial = null, string sysName = "KM-OFFICE-2",
        string sysLocation = "floor 2", string model = "M9555dn", object[]? alerts = null) =>
        JsonSerializer.Serialize(new
        {
            address = "127.20.0.3", key, collectedAt = collectedAt.ToString("O"), sysName, sysLocation, vendor = "HP", model, serial = serial ?? key[(key.IndexOf(':') + 1)..],
            status = "idle", alerts = alerts ?? [],
            counters = new[] { new { name = "total", value = total, unit = "impressions", oid = "1.3.6.1.2.1.43.10.2.1.4.1.1" } },
            supplies = new[] { new { index = 1, description = "toner", level = 2400, capacity = 7200, percent = (int?)33, state = "ok" } },
        });

    public static Reading Reading(long sequence, string key, DateTimeOffset collectedAt, long total = 100) =>
        new() { Sequence = sequence, DeviceKey = key, SnapshotJson = Json(key, collectedAt, total) };

    public static Reading Reading(long sequence, string key, string snapshotJson) => new() { Sequence = sequence, DeviceKey = key, SnapshotJson = snapshotJson };
}
