using System.CommandLine;
using System.Globalization;
using Kdfm.Simulator.Fleet;
using Kdfm.Simulator.Serving;
using Kdfm.Simulator.Web;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Security;

namespace Kdfm.Simulator;

/// <summary>The <c>kdfm-sim</c> command line.</summary>
internal static class SimulatorCommand
{
    public static RootCommand Create()
    {
        var walks = new Option<string[]>("--walks")
        {
            Description = "Walk files (.snmprec) or directories of them; default: the demo walks shipped with kdfm-sim",
            AllowMultipleArgumentsPerToken = true,
        };
        var range = new Option<string>("--range")
        {
            Description = "Addresses to serve from, CIDR or first-last (loopback only)",
            DefaultValueFactory = _ => "127.20.0.0/24",
        };
        var count = new Option<int?>("--count") { Description = "How many addresses serve a device (default: one per walk file)" };
        var port = new Option<int>("--port") { Description = "UDP port on every address", DefaultValueFactory = _ => 161 };
        var community = new Option<string>("--community") { Description = "v1/v2c community", DefaultValueFactory = _ => "public" };
        var v3User = new Option<string?>("--v3-user") { Description = "SNMPv3 user name (enables v3)" };
        var auth = new Option<string?>("--auth") { Description = "MD5|SHA|SHA-224|SHA-256|SHA-384|SHA-512" };
        var authPass = new Option<string?>("--auth-pass") { Description = "Authentication passphrase" };
        var priv = new Option<string?>("--priv") { Description = "DES|AES|AES-192|AES-256|AES-192-C|AES-256-C" };
        var privPass = new Option<string?>("--priv-pass") { Description = "Privacy passphrase" };
        var silent = new Option<double>("--silent") { Description = "Fraction of devices that never answer" };
        var slow = new Option<string?>("--slow") { Description = "FRACTION:MILLISECONDS of devices that answer late" };
        var garbage = new Option<double>("--garbage") { Description = "Fraction of devices that answer with malformed datagrams" };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault draw", DefaultValueFactory = _ => 1 };
        var http = new Option<int?>("--http") { Description = "TCP port of every device's web site over HTTP, on the device's own address (default: off)" };
        var https = new Option<int?>("--https") { Description = "TCP port of every device's web site over HTTPS, with a self-signed certificate per device (default: off)" };

        var command = new RootCommand("kdfm-sim: a fleet of simulated SNMP printers on loopback, replaying recorded walks")
        {
            walks, range, count, port, community, v3User, auth, authPass, priv, privPass, silent, slow, garbage, seed, http, https,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var options = BuildOptions(result.GetValue(walks), result.GetValue(range)!, result.GetValue(count), result.GetValue(port),
                    result.GetValue(silent), result.GetValue(slow), result.GetValue(garbage), result.GetValue(seed));
                var user = BuildUser(result.GetValue(v3User), result.GetValue(auth), result.GetValue(authPass), result.GetValue(priv), result.GetValue(privPass));
                var web = BuildWebPorts(result.GetValue(http), result.GetValue(https));
                return await RunAsync(options, new Secret(result.GetValue(community)!), user, web, cancellationToken).ConfigureAwait(false);
            }
            catch (FleetConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"kdfm-sim: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(FleetOptions options, Secret community, UsmUser? user, WebPorts web, CancellationToken cancellationToken)
    {
        var (devices, walkFiles) = FleetBuilder.Build(options, Environment.TickCount64);
        foreach (var problem in walkFiles.SelectMany(w => w.Problems))
        {
            await Console.Error.WriteLineAsync($"kdfm-sim: warning: {problem}").ConfigureAwait(false);
        }

        var master = user is null ? null : MasterKeys.From(user);
        await using var server = new FleetServer(community, master) { SlowMilliseconds = options.SlowMilliseconds };
        server.Start(devices);
        await using var sites = web.Any ? await DeviceWebServer.StartAsync(devices, web, cancellationToken).ConfigureAwait(false) : null;
        var last = devices[^1].EndPoint.Address;
        string v3 = user is null ? "v3 off" : $"v3 user {user.Name} {user.Auth.Name()}/{user.Priv.Name()}";
        string faults = devices.Count(d => d.Behaviour != DeviceBehaviour.Normal) is var faulty and > 0
            ? $", faults: {devices.Count(d => d.Behaviour == DeviceBehaviour.Silent)} silent, {devices.Count(d => d.Behaviour == DeviceBehaviour.Slow)} slow, {devices.Count(d => d.Behaviour == DeviceBehaviour.Garbage)} garbage"
            : string.Empty;
        Console.WriteLine($"kdfm-sim ready: {devices.Count} devices from {walkFiles.Count} walks on {devices[0].EndPoint.Address}-{last} port {options.Port} (v1/v2c community ***, {v3}{faults}){(web.Any ? ", " + web.Describe() : string.Empty)}");
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: stop serving.
        }

        await Console.Error.WriteLineAsync($"kdfm-sim: stopped after {server.Replies} replies ({server.Malformed} malformed requests)").ConfigureAwait(false);
        return 0;
    }

    private static FleetOptions BuildOptions(string[]? walks, string rangeText, int? count, int port, double silent, string? slow, double garbage, int seed)
    {
        if (!AddressRange.TryParse(rangeText, out var range, out string? error))
        {
            throw new FleetConfigurationException("--range", error!);
        }

        if (!range.IsLoopback)
        {
            throw new FleetConfigurationException("--range", $"{range} is not in 127.0.0.0/8: kdfm-sim serves loopback addresses only");
        }

        if (port is < 1 or > 65535)
        {
            throw new FleetConfigurationException("--port", $"{port} is not a UDP port");
        }

        double slowFraction = 0;
        int slowMs = 0;
        if (slow is not null)
        {
            var parts = slow.Split(':');
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out slowFraction) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out slowMs))
            {
                throw new FleetConfigurationException("--slow", $"'{slow}' is not FRACTION:MILLISECONDS (e.g. 0.1:1500)");
            }
        }

        foreach (var (name, value) in new[] { ("--silent", silent), ("--slow", slowFraction), ("--garbage", garbage) })
        {
            if (value is < 0 or > 1)
            {
                throw new FleetConfigurationException(name, $"{value} is not a fraction between 0 and 1");
            }
        }

        if (silent + slowFraction + garbage > 1)
        {
            throw new FleetConfigurationException("--silent/--slow/--garbage", "the fractions add up to more than 1");
        }

        var paths = walks is { Length: > 0 } ? walks : [Path.Combine(AppContext.BaseDirectory, "walks")];
        return new FleetOptions(paths, range, port)
        {
            Count = count,
            SilentFraction = silent,
            SlowFraction = slowFraction,
            SlowMilliseconds = slowMs,
            GarbageFraction = garbage,
            Seed = seed,
        };
    }

    private static WebPorts BuildWebPorts(int? http, int? https)
    {
        foreach (var (name, value) in new[] { ("--http", http), ("--https", https) })
        {
            if (value is < 1 or > 65535)
            {
                throw new FleetConfigurationException(name, $"{value} is not a TCP port");
            }
        }

        if (http is not null && http == https)
        {
            throw new FleetConfigurationException("--https", $"{https} is the --http port too");
        }

        return new WebPorts(http, https);
    }

    private static UsmUser? BuildUser(string? name, string? auth, string? authPass, string? priv, string? privPass)
    {
        if (name is null)
        {
            return null;
        }

        var authProtocol = AuthProtocol.None;
        var privProtocol = PrivProtocol.None;
        if (auth is not null && !UsmProtocols.TryParseAuth(auth, out authProtocol))
        {
            throw new FleetConfigurationException("--auth", $"'{auth}' is not MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512");
        }

        if (priv is not null && !UsmProtocols.TryParsePriv(priv, out privProtocol))
        {
            throw new FleetConfigurationException("--priv", $"'{priv}' is not DES, AES, AES-192, AES-256, AES-192-C or AES-256-C");
        }

        var user = new UsmUser(name, authProtocol, authPass is null ? null : new Secret(authPass), privProtocol, privPass is null ? null : new Secret(privPass));
        if (user.Validate() is { } problem)
        {
            throw new FleetConfigurationException("--v3-user", problem);
        }

        return user;
    }
}
