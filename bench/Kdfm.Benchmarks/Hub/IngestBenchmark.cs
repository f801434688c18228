using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Printers;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Snmprec;
using Microsoft.Data.Sqlite;

namespace Kdfm.Benchmarks.Hub;

/// <summary>
/// Hub ingest over gRPC on loopback: readings/s stored by Upload, with the outbox's batch size (500), one agent and
/// four agents at once; the baseline in the same run is a bare SQLite insert of the same rows (no gRPC, no EF Core).
/// Each reading is a real snapshot (the demo walks interpreted) under its own device key.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task RunAsync(int readings, int batchSize, bool postgres)
    {
        string data = Directory.CreateTempSubdirectory("kdfm-bench-hub-").FullName;
        int port = Kdfm.Testing.FreePort.Tcp();
        using var database = postgres ? await Kdfm.Testing.PostgresServer.StartAsync(durable: true) : null;
        // Ten activations from one address: more than the hub's default enrolment allowance per minute.
        var environment = new Dictionary<string, string>
        {
            ["KDFM_Hub__HttpsPort"] = port.ToString(CultureInfo.InvariantCulture), ["KDFM_Hub__MqttTlsPort"] = "0", ["KDFM_Hub__EnrolmentAttemptsPerMinute"] = "0",
        };
        if (database is not null)
        {
            environment["KDFM_Hub__Database"] = "postgresql";
            environment["KDFM_Hub__ConnectionString"] = database.ConnectionString("kdfm_bench");
        }

        // kdfm-hub as its own process, with its own GC settings (server GC), as it runs.
        using var hub = Throughput.ThroughputBenchmark.StartPinned(false, "dotnet", [Kdfm.Testing.RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub"), "serve", "--data", data],
            environment);
        await Throughput.ThroughputBenchmark.WaitForLineAsync(hub, "kdfm-hub ready");
        var hubOut = hub.StandardOutput.ReadToEndAsync(); // drained, so that its log never blocks it
        _ = hub.StandardError.ReadToEndAsync();
        var hubUrl = new Uri($"https://127.0.0.1:{port}/");
        try
        {
            var snapshots = DemoSnapshots();
            var agents = new List<Metadata>();
            using var channel = GrpcChannel.ForAddress(hubUrl, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, EnableMultipleHttp2Connections = true },
            });
            var client = new AgentService.AgentServiceClient(channel);
            for (int i = 0; i < 10; i++)
            {
                var codeStart = new ProcessStartInfo("dotnet", [Kdfm.Testing.RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub"), "codes", "create", "--data", data])
                    { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var (name, value) in environment)
                {
                    codeStart.Environment[name] = value;
                }

                var created = Process.Start(codeStart)!;
                string code = (await created.StandardOutput.ReadToEndAsync()).Trim();
                await created.WaitForExitAsync();

                var agent = await client.ActivateAsync(new ActivateRequest { Code = code });
                agents.Add(new Metadata { { AgentHeaders.AgentId, agent.AgentId }, { AgentHeaders.Credential, agent.Credential } });
            }

            var batches = Batches(snapshots, readings, batchSize);
            long bytes = batches.Sum(b => b.CalculateSize());

            // Warm-up: EF Core's model and the query plans (not counted).
            await client.UploadAsync(Batches(snapshots, 500, 500, firstSequence: 10_000_000)[0], agents[9]);

            var one = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                await client.UploadAsync(batch, agents[0]);
            }

            one.Stop();

            var four = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(1, 3).Select(async a =>
            {
                foreach (var batch in batches)
                {
                    await client.UploadAsync(batch, agents[a]);
                }
            }));
            four.Stop();

            // Many sites at once: eight agents, each with an eighth of the readings.
            var eighths = batches.Chunk((batches.Count + 7) / 8).ToList();
            var eight = Stopwatch.StartNew();
            await Task.WhenAll(eighths.Select(async (part, a) =>
            {
                foreach (var batch in part)
                {
                    await client.UploadAsync(batch, agents[4 + (a % 5)] );
                }
            }));
            eight.Stop();

            var resend = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                var answer = await client.UploadAsync(batch, agents[0]);
                if (answer.Stored != 0)
                {
                    throw new InvalidOperationException("a resent batch was stored again");
                }
            }

            resend.Stop();
            double bare = BareSqlite(batches, Path.Combine(data, "bare.db"));
            double oneRate = readings / one.Elapsed.TotalSeconds;
            double fourRate = 3.0 * readings / four.Elapsed.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine($"| hub ingest over gRPC on loopback ({(postgres ? "PostgreSQL, fsync on" : "SQLite")}), {readings:N0} readings in batches of {batchSize} ({bytes / readings:N0} bytes each) | readings/s | ratio |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| bare SQLite insert of the same rows (one transaction per batch) | {bare:N0} | 1.00 |");
            Console.WriteLine($"| Upload, one agent | {oneRate:N0} | {oneRate / bare:F2} |");
            Console.WriteLine($"| Upload, three agents at once | {fourRate:N0} | {fourRate / bare:F2} |");
            double eightRate = readings / eight.Elapsed.TotalSeconds;
            Console.WriteLine($"| Upload, eight uploads at once (five agents) | {eightRate:N0} | {eightRate / bare:F2} |");
            Console.WriteLine($"| the same batches resent (nothing stored, all acknowledged) | {readings / resend.Elapsed.TotalSeconds:N0} | {readings / resend.Elapsed.TotalSeconds / bare:F2} |");
        }
        finally
        {
            hub.Kill();
            await hub.WaitForExitAsync();
            await hubOut;
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static List<DeviceSnapshot> DemoSnapshots()
    {
        string walks = Path.Combine(AppContext.BaseDirectory, "walks");
        return [.. Directory.GetFiles(walks, "*.snmprec").Order().Select(f => PrinterInterpreter.Interpret(SnmprecFormat.ReadFile(f).Rows,
            new SnapshotContext("127.20.0.1", DateTimeOffset.UtcNow, new SnmpInfo("2c", 40, 8), null)))];
    }

    private static List<UploadRequest> Batches(List<DeviceSnapshot> snapshots, int readings, int size, long firstSequence = 1)
    {
        var batches = new List<UploadRequest>();
        for (int i = 0; i < readings; i += size)
        {
            var batch = new UploadRequest();
            for (int j = i; j < Math.Min(readings, i + size); j++)
            {
                var snapshot = snapshots[j % snapshots.Count];
                string key = $"{snapshot.Key}-{j % 10_000:D5}";
                batch.Readings.Add(new Reading { Sequence = firstSequence + j, DeviceKey = key, SnapshotJson = SnapshotJson.SerializeCompact(snapshot with { Key = key }) });
            }

            batches.Add(batch);
        }

        return batches;
    }

    private static double BareSqlite(List<UploadRequest> batches, string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE r (id INTEGER PRIMARY KEY AUTOINCREMENT, agent TEXT, seq INTEGER, key TEXT, json TEXT, UNIQUE (agent, seq));";
            setup.ExecuteNonQuery();
        }

        var stopwatch = Stopwatch.StartNew();
        int count = 0;
        foreach (var batch in batches)
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO r (agent, seq, key, json) VALUES ('a', $seq, $key, $json)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var json = insert.Parameters.Add("$json", SqliteType.Text);
            foreach (var reading in batch.Readings)
            {
                seq.Value = reading.Sequence;
                key.Value = reading.DeviceKey;
                json.Value = reading.SnapshotJson;
                insert.ExecuteNonQuery();
                count++;
            }

            transaction.Commit();
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }
}
