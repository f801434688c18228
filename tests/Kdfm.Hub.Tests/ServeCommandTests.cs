using Kdfm.Hub.Cli;
using Kdfm.Testing;

namespace Kdfm.Hub.Tests;

/// <summary><c>kdfm-hub serve</c> as an operator sees it: what it prints, and what stops it.</summary>
public sealed class ServeCommandTests
{
    private static string Config(TempDirectory directory, string? adminToken = null)
    {
        string path = directory["hub.json"];
        var hub = new Dictionary<string, object> { ["HttpsPort"] = FreePort.Tcp(), ["MqttTlsPort"] = FreePort.Tcp() };
        if (adminToken is not null)
        {
            hub["AdminToken"] = adminToken;
        }

        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { Hub = hub }));
        return path;
    }

    /// <summary>Runs serve until it stops by itself (a start refused) and returns its exit code and what it printed.</summary>
    private static async Task<(int Exit, string Output, string Error)> RefusedStartAsync(string config, string data)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        try
        {
            int exit = await ServeCommand.Create(output, error).Parse(["--config", config, "--data", data]).InvokeAsync(cancellationToken: stop.Token).WaitAsync(TimeSpan.FromSeconds(60));
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            await stop.CancelAsync(); // a hub that did start (the bug this looks for) stops here
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_admin_token_is_never_printed_only_where_it_is()
    {
        using var directory = new TempDirectory("kdfm-hub-serve-");
        string data = directory["data"];
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var serving = ServeCommand.Create(TextWriter.Synchronized(output), TextWriter.Synchronized(error)).Parse(["--config", Config(directory), "--data", data])
            .InvokeAsync(cancellationToken: stop.Token);
        string printed = await Eventually.Value(() => Task.FromResult(output.ToString()), o => o.Contains("  data: ", StringComparison.Ordinal) || serving.IsCompleted,
            "kdfm-hub serve printed its start lines");
        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(60)));

        string tokenFile = Path.Combine(data, "admin-token");
        string token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.True(token.Length >= 32);
        Assert.DoesNotContain(token, printed + error, StringComparison.Ordinal);
        // A header file for `curl -H @FILE`: the token never goes on a command line, where ps shows it to every user.
        string headerFile = Path.Combine(data, "admin-token.header");
        Assert.Contains($"  admin token: in {tokenFile} (as a header for curl: -H @{headerFile})", printed.Split(Environment.NewLine));
        Assert.Equal($"Authorization: Bearer {token}\n", await File.ReadAllTextAsync(headerFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(headerFile));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0123456789012345678901234567890")] // 31
    public async Task A_short_or_empty_token_file_stops_the_start_in_one_line_naming_the_file(string token)
    {
        using var directory = new TempDirectory("kdfm-hub-serve-");
        string data = directory["data"];
        Directory.CreateDirectory(data);
        string file = Path.Combine(data, "admin-token");
        await File.WriteAllTextAsync(file, token + "\n");

        var (exit, output, error) = await RefusedStartAsync(Config(directory), data);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(
            $"Configuration error: {file}: the admin token has {token.Length} characters, at least 32 are needed (delete the file to have one made, or set Hub:AdminToken)",
            Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("short-token")]
    public async Task A_short_or_blank_configured_token_stops_the_start_in_one_line_naming_the_setting(string token)
    {
        using var directory = new TempDirectory("kdfm-hub-serve-");
        var (exit, output, error) = await RefusedStartAsync(Config(directory, token), directory["data"]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"Configuration error: Hub:AdminToken: the admin token has {token.Trim().Length} characters, at least 32 are needed",
            Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)));
    }
}
