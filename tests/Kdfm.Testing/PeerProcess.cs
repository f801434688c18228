using System.Diagnostics;
using System.Text;

namespace Kdfm.Testing;

/// <summary>
/// A real program started by a test (snmpd, snmpsimd, kdfm-sim…): output captured, readiness awaited,
/// killed with its children on dispose.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly Lock _lock = new();

    private PeerProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard output alone (<see cref="Output"/> has both streams), line by line.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _standardOutput.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="WaitForExit"/> said the process ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Sends a signal by name (TERM, INT) with kill(1), as a service manager or a terminal would.</summary>
    public async Task SignalAsync(string signal)
    {
        var (exit, _, error) = await CommandLine.RunAsync("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id}: {error}");
        }
    }

    public int ProcessId => _process.Id;

    /// <summary>Waits for the end of the process and, once it ended, of its output (all of it is in <see cref="Output"/> then).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // with a timeout, the output handlers may still be running
        return true;
    }

    public static PeerProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            peer.Append(e.Data);
            peer.AppendStandardOutput(e.Data);
        };
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{fileName} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until <paramref name="ready"/> holds, failing with the output if the process exits or time runs out.</summary>
    public Task WaitUntilAsync(Func<PeerProcess, Task<bool>> ready, TimeSpan timeout, string what) =>
        Eventually.HoldsAsync(
            async () => _process.HasExited
                ? throw new InvalidOperationException($"{what}: the process exited with {_process.ExitCode}:\n{Output}")
                : await ready(this).ConfigureAwait(false),
            timeout, () => $"{what}:\n{Output}");

    public Task WaitForOutputAsync(string text, TimeSpan timeout, string what) =>
        WaitUntilAsync(p => Task.FromResult(p.Output.Contains(text, StringComparison.Ordinal)), timeout, what);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }

    private void AppendStandardOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _standardOutput.AppendLine(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
