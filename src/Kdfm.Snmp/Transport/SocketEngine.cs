namespace Kdfm.Snmp.Transport;

/// <summary>Process-wide socket settings for programs built on this engine.</summary>
public static class SocketEngine
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Runs socket completions on the socket engine's own thread instead of hopping to the thread pool. Safe here
    /// because every receive handler of ours (the client's <c>Accept</c>, the simulator's agents) decodes and
    /// answers from memory without blocking, and the client hands results to the pool itself
    /// (<c>RunContinuationsAsynchronously</c>). Measured with bench/Kdfm.Benchmarks throughput: kdfm-sim answers
    /// about 1.5x more requests per second. Call it first thing in Main: the runtime reads the setting once, when the
    /// first socket starts an asynchronous operation. A value already set in the environment wins.
    /// </summary>
    public static void PreferInlineCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }
}
