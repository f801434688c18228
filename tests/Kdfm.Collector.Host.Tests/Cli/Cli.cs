using Kdfm.Collector.Host.Cli;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>Runs kdfm-collector's command line in-process and captures what it prints.</summary>
internal static class Cli
{
    public static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Cancelling <paramref name="stop"/> is Ctrl+C for the command.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CollectorCommand.InvokeAsync(args, output, error, stop, () => 130);
        return (exit, output.ToString(), error.ToString());
    }
}
