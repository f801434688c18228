using Kdfm.Simulator;

// Every handler of kdfm-sim answers from memory without blocking, so socket completions can run on the
// socket engine's own thread instead of hopping to the thread pool: measured 1.5x more replies per second
// (bench/Kdfm.Benchmarks throughput). The runtime reads this once, when the first socket starts an async operation.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await SimulatorCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
