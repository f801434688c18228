using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Kdfm.Benchmarks.Codec;
using Kdfm.Benchmarks.Discovery;
using Kdfm.Benchmarks.Polling;
using Kdfm.Benchmarks.Printers;
using Kdfm.Benchmarks.Throughput;
using Kdfm.Snmp.Transport;

// As kdfm-collector and kdfm-sim run: socket completions inline (see SocketEngine).
SocketEngine.PreferInlineCompletions();

// dotnet run -c Release --project bench/Kdfm.Benchmarks -- [codec|throughput|interpreter|pollplan|discovery|fullpoll|ingest|tasks|fleet|webaccess|all] [--devices N] [--seconds S] [--window W]
string mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

if (mode is "codec" or "all")
{
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator);
    BenchmarkRunner.Run<CodecBenchmarks>(config);
}

if (mode is "interpreter" or "all")
{
    BenchmarkRunner.Run<InterpreterBenchmarks>(DefaultConfig.Instance.AddJob(Job.ShortRun).WithOptions(ConfigOptions.DisableOptimizationsValidator));
}

if (mode is "pollplan" or "all")
{
    await PollPlanCost.RunAsync();
}

if (mode is "discovery" or "all")
{
    await DiscoveryBenchmark.RunAsync(Option("--devices", 1024), Option("--concurrency", 8192), Option("--rate", 0));
    if (mode == "discovery")
    {
        return 0;
    }
}

if (mode is "fullpoll" or "all")
{
    await FullPollBenchmark.RunAsync(Option("--devices", 10_000));
    if (mode == "fullpoll")
    {
        return 0;
    }
}

if (mode is "ingest" or "all")
{
    await Kdfm.Benchmarks.Hub.IngestBenchmark.RunAsync(Option("--readings", 50_000), Option("--batch", Kdfm.Collector.Gateway.BatchUpload.MaxReadings), args.Contains("--postgres"));
    if (mode == "ingest")
    {
        return 0;
    }
}

if (mode is "tasks" or "all")
{
    await Kdfm.Benchmarks.Hub.TaskLatencyBenchmark.RunAsync(Option("--tasks", 20));
    if (mode == "tasks")
    {
        return 0;
    }
}

if (mode is "fleet" or "all")
{
    await Kdfm.Benchmarks.Hub.FleetListBenchmark.RunAsync(Option("--devices", 10_000), Option("--runs", 30));
    if (mode == "fleet")
    {
        return 0;
    }
}

if (mode is "webaccess" or "all")
{
    await Kdfm.Benchmarks.Hub.WebAccessBenchmark.RunAsync(Option("--sessions", 10), Option("--mb", 10));
    if (mode == "webaccess")
    {
        return 0;
    }
}

if (mode is "throughput" or "all")
{
    return await ThroughputBenchmark.RunAsync(Option("--devices", 1000), Option("--seconds", 5), Option("--window", 256));
}

return 0;
