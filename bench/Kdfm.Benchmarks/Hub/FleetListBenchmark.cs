using System.Diagnostics;
using System.Globalization;
using Kdfm.Hub;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Benchmarks.Hub;

/// <summary>
/// The devices list and the dashboard at 10,000 devices in a SQLite hub.db (the default store): the server's work per page
/// (<see cref="DeviceList.PageAsync"/>: the count and one page of 50, through the caller's scope; <see cref="FleetDashboard"/>'s
/// figures), for a dealer who sees every device and a customer who sees a tenth, with searches, filters and sorts. A fresh
/// store context per request, as a request has. Figures: median and 95th percentile over the runs, after warm-up.
/// The issue's bound: under 300 ms a page.
/// </summary>
internal static class FleetListBenchmark
{
    private static readonly string[] Vendors = ["HP", "Kyocera", "Ricoh", "Canon", "Brother", "Xerox", "Lexmark", "Sharp", "Konica Minolta", "Epson"];

    public static async Task RunAsync(int devices, int runs)
    {
        string data = Directory.CreateTempSubdirectory("kdfm-bench-fleet-").FullName;
        var options = new HubOptions { DataDirectory = data };
        try
        {
            var (dealerId, customers) = Seed(options, devices);
            using (var db = HubStorage.Open(options))
            {
                var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync());
                var dealer = new Actor("dealer", null, dealerId, "dealer", Permission.All, tree.Subtree(dealerId), Actor.UserKind);
                var customer = new Actor("customer", null, customers[3], "customer-03", Permission.All, tree.Subtree(customers[3]), Actor.UserKind);
                Console.WriteLine($"Fleet list at {devices:N0} devices ({customers.Count} customers), SQLite, {runs} runs each: median / p95 ms a page (count + 50 rows)");
                (string Name, Actor Actor, DeviceQuery Query)[] cases =
                [
                    ("dealer: first page, by name", dealer, new DeviceQuery()),
                    ("dealer: page 100, by name", dealer, new DeviceQuery(Page: 100)),
                    ("dealer: sort by pages desc", dealer, new DeviceQuery(Sort: "pages", Descending: true)),
                    ("dealer: search 'floor 3'", dealer, new DeviceQuery(Search: "floor 3")),
                    ("dealer: search a serial", dealer, new DeviceQuery(Search: "SN0004242")),
                    ("dealer: vendor Ricoh, status error", dealer, new DeviceQuery(Vendor: "Ricoh", Status: FleetStatus.Error)),
                    ("dealer: supply below 15%, by supply", dealer, new DeviceQuery(SupplyBelow: 15, Sort: "supply")),
                    ("dealer: tenant customer-07, by seen", dealer, new DeviceQuery(TenantId: customers[7], Sort: "seen", Descending: true)),
                    ("dealer: with alerts, by model", dealer, new DeviceQuery(WithAlerts: true, Sort: "model")),
                    ("customer: first page", customer, new DeviceQuery()),
                    ("customer: status down", customer, new DeviceQuery(Status: FleetStatus.Down)),
                ];
                foreach (var (name, actor, query) in cases)
                {
                    int total = 0;
                    var times = await TimeAsync(options, runs, async db2 => total = (await new DeviceList(db2, Audit(db2)).PageAsync(actor, query, CancellationToken.None)).Total);
                    Console.WriteLine($"  {name,-40} {Median(times),7:F1} / {P95(times),7:F1}   ({total:N0} matching)");
                }

                var dashboard = await TimeAsync(options, runs, async db2 => (await new FleetDashboard(db2, TimeProvider.System).FiguresAsync(dealer, CancellationToken.None)).Devices);
                Console.WriteLine($"  {"dealer: dashboard figures",-40} {Median(dashboard),7:F1} / {P95(dashboard),7:F1}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static AuditLog Audit(HubDb db) => new(db, TimeProvider.System, new HttpContextAccessor());

    private static async Task<List<double>> TimeAsync(HubOptions options, int runs, Func<HubDb, Task<int>> work)
    {
        var times = new List<double>();
        for (int i = -3; i < runs; i++)
        {
            var builder = new DbContextOptionsBuilder<SqliteHubDb>();
            HubStorage.Configure(builder, options);
            await using var db = new SqliteHubDb(builder.Options);
            long start = Stopwatch.GetTimestamp();
            await work(db);
            if (i >= 0)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return times;
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    private static double P95(List<double> times) => times.Order().ElementAt(Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1));

    /// <summary>A dealer over ten customers, and <paramref name="devices"/> summarised devices spread over them (fixed seed).</summary>
    private static (int Dealer, List<int> Customers) Seed(HubOptions options, int devices)
    {
        using (HubStorage.Open(options))
        {
        }

        var random = new Random(42);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "hub.db") }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """INSERT INTO "Tenants" ("Name", "Kind", "ParentId", "RequireTwoFactor", "IdleDays", "CreatedAt") VALUES ('dealer', 'dealer', NULL, 0, 90, 0) RETURNING "Id" """;
        int dealer = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        var customers = new List<int>();
        for (int c = 0; c < 10; c++)
        {
            command.CommandText = $"""INSERT INTO "Tenants" ("Name", "Kind", "ParentId", "RequireTwoFactor", "IdleDays", "CreatedAt") VALUES ('customer-{c:00}', 'customer', {dealer}, 0, 90, 0) RETURNING "Id" """;
            customers.Add(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        }

        command.CommandText = """
            INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "LastSequence", "Readings", "SummaryReadingId",
              "Vendor", "Model", "Serial", "SysName", "Location", "Status", "ErrorCount", "AlertCount", "LowestSupplyPercent", "LowestSupply", "TotalPages")
            VALUES (@tenant, @key, 'agt_bench', @address, @collected, @id, @id, 1, @id, @vendor, @model, @serial, @name, @location, @status, @errors, @alerts,
              @supply, 'Black Toner', @pages)
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (string name in new[] { "tenant", "key", "address", "collected", "id", "vendor", "model", "serial", "name", "location", "status", "errors", "alerts", "supply", "pages" })
        {
            p[name] = command.Parameters.Add(new SqliteParameter("@" + name, 0));
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = 0; i < devices; i++)
        {
            string vendor = Vendors[random.Next(Vendors.Length)];
            p["tenant"].Value = customers[i % customers.Count];
            p["key"].Value = $"{vendor.ToLowerInvariant()}:SN{i:0000000}";
            p["address"].Value = $"10.{i / 65536}.{i / 256 % 256}.{i % 256}";
            p["collected"].Value = now - random.Next(0, 3_600_000);
            p["id"].Value = (long)i + 1;
            p["vendor"].Value = vendor;
            p["model"].Value = $"{vendor} M{random.Next(100, 999)}";
            p["serial"].Value = $"SN{i:0000000}";
            p["name"].Value = $"PRN-{i:00000}";
            p["location"].Value = $"building {random.Next(1, 20)}, floor {random.Next(0, 8)}";
            int roll = random.Next(100);
            p["status"].Value = roll < 3 ? "down" : roll < 60 ? "idle" : "printing";
            p["errors"].Value = random.Next(100) < 8 ? 1 : 0;
            p["alerts"].Value = random.Next(100) < 15 ? random.Next(1, 4) : 0;
            p["supply"].Value = random.Next(0, 101);
            p["pages"].Value = (long)random.Next(1_000, 2_000_000);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return (dealer, customers);
    }
}
