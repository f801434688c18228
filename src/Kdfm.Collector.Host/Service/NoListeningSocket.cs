using System.Runtime.InteropServices;

namespace Kdfm.Collector.Host.Service;

/// <summary>
/// The collector listens on nothing, not even the .NET runtime's diagnostics socket (a Unix socket the runtime opens at
/// start-up for dotnet-trace and dotnet-dump). Only the environment variable DOTNET_EnableDiagnostics_IPC=0 turns it off,
/// and it is read before any of our code runs, so <c>run</c> re-executes itself once with it set (execve keeps the
/// process id, so service managers and signals are unaffected). Linux only; elsewhere, or if it fails, nothing changes.
/// </summary>
internal static partial class NoListeningSocket
{
    public const string Variable = "DOTNET_EnableDiagnostics_IPC";

    public static void EnsureFor(string[] args)
    {
        if (!OperatingSystem.IsLinux() || args.Length == 0 || args[0] != "run" || Environment.GetEnvironmentVariable(Variable) is not null)
        {
            return;
        }

        try
        {
            string[] argv = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None)[..^1];
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Select(e => $"{e.Key}={e.Value}").Append($"{Variable}=0").ToArray();
            Execve("/proc/self/exe", [.. argv, null], [.. environment, null]);
            // Only reached if execve failed: run as we are (with the runtime's socket).
            Console.Error.WriteLine($"kdfm-collector: could not restart without the runtime's diagnostics socket (errno {Marshal.GetLastPInvokeError()}); set {Variable}=0 to close it");
        }
        catch (IOException)
        {
            // no /proc: not Linux as we know it
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
