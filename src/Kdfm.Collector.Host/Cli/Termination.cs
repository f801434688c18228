using System.Runtime.InteropServices;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the whole process: the first one cancels <see cref="Token"/>, which every command
/// passes to what it waits for (scan then prints what it found so far); whatever still runs <see cref="Grace"/> later is
/// ended with the signal's exit code (130, 143), and a second signal ends it at once. Created by Program only: tests
/// invoke the commands in-process with a token of their own.
/// </summary>
internal sealed partial class Termination : IDisposable
{
    /// <summary>From the signal to the end of the process, at the most.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public Termination() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    public CancellationToken Token => _requested.Token;

    /// <summary>The exit code of an interrupted command: 130 after SIGINT, 143 after SIGTERM (128 + the signal's number).</summary>
    public int ExitCode => _exitCode == 0 ? CommandRunner.Interrupted : _exitCode;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // not the runtime's default ending: the commands finish (and print) first
        int code = context.Signal == PosixSignal.SIGINT ? 130 : 143;
        if (Interlocked.CompareExchange(ref _exitCode, code, 0) != 0)
        {
            Die(code); // a second signal: the user means it, even if output is stuck (a full pipe)
        }

        // The deadline first, then the cancellation, off this thread: whatever the cancellation's callbacks do (or a
        // writer blocked on a full pipe), the process ends on time.
        _ = Task.Delay(Grace - TimeSpan.FromMilliseconds(200)).ContinueWith(_ => Exit(code), TaskScheduler.Default);
        _ = Task.Run(_requested.Cancel);
    }

    /// <summary>
    /// Ends the process now. Not Environment.Exit: it runs the process-exit handlers, and the generic host's waits there
    /// for its own shutdown (30 s by default), which is what must not hold us. Output written so far is flushed first,
    /// for at most 100 ms (a writer stuck on a full pipe holds the console's lock).
    /// </summary>
    private static void Exit(int code)
    {
        Task.Run(() =>
        {
            Console.Out.Flush();
            Console.Error.Flush();
        }).Wait(TimeSpan.FromMilliseconds(100));
        Die(code);
    }

    private static void Die(int code)
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.Exit(code);
        }

        ExitNow(code);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int status);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }
}
