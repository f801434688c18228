using Akka.TestKit.Xunit2;
using Kdfm.Collector.Gateway;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>status.json is written by its writer actor, never by the actor that changes the status; the file is what <c>kdfm-collector status</c> reads.</summary>
public sealed class StatusWriterTests() : TestKit(CollectorConfig.Defaults)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_change_is_in_memory_at_once_and_on_disk_through_the_writer_only()
    {
        using var data = new TempDirectory("kdfm-status-");
        var status = new GatewayStatus(TimeProvider.System);

        status.Update(s => s with { Hub = "https://hub.example/", AgentId = "agt_status01" });

        Assert.Equal("agt_status01", status.Current.AgentId);
        Assert.False(File.Exists(Path.Combine(data.Path, GatewayStatus.FileName))); // the caller wrote nothing

        var writer = Sys.ActorOf(StatusWriter.Props(status, data.Path));
        AwaitAssert(() => Assert.Equal("agt_status01", GatewayStatus.Load(data.Path)?.AgentId), Wait, TimeSpan.FromMilliseconds(20)); // what changed before it started

        status.Update(s => s with { PollError = "the hub did not answer in time", OutboxPending = 12 });
        AwaitAssert(() => Assert.Equal(("the hub did not answer in time", 12L), (GatewayStatus.Load(data.Path)?.PollError, GatewayStatus.Load(data.Path)?.OutboxPending ?? 0)), Wait, TimeSpan.FromMilliseconds(20));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, GatewayStatus.FileName)));
        }

        Watch(writer);
        Sys.Stop(writer);
        ExpectTerminated(writer, Wait);
        status.Update(s => s with { MqttConnected = true }); // no writer: memory only
        Assert.True(status.Current.MqttConnected);
        Assert.False(GatewayStatus.Load(data.Path)!.MqttConnected);
    }

    [Fact]
    public void The_last_of_a_burst_of_changes_from_many_threads_is_on_disk()
    {
        using var data = new TempDirectory("kdfm-status-");
        var status = new GatewayStatus(TimeProvider.System);
        Sys.ActorOf(StatusWriter.Props(status, data.Path));

        Parallel.For(0, 200, i => status.Update(s => s with { Uploaded = s.Uploaded + 1 }));

        AwaitAssert(() => Assert.Equal(200, GatewayStatus.Load(data.Path)?.Uploaded), Wait, TimeSpan.FromMilliseconds(20));
        Assert.Equal(status.Current.UpdatedAt, GatewayStatus.Load(data.Path)!.UpdatedAt);
    }

    [Fact]
    public void A_file_it_cannot_write_is_a_warning_and_the_next_change_is_written_once_it_can()
    {
        using var data = new TempDirectory("kdfm-status-");
        string blocked = Path.Combine(data.Path, "not-a-directory");
        File.WriteAllText(blocked, "a file where the data directory should be");
        var status = new GatewayStatus(TimeProvider.System);
        status.Update(s => s with { AgentId = "agt_status01" });

        EventFilter.Warning(contains: "Cannot write the status file").ExpectOne(Wait, () => Sys.ActorOf(StatusWriter.Props(status, blocked)));
        File.Delete(blocked);
        status.Update(s => s with { Uploaded = 1 });

        AwaitAssert(() => Assert.Equal(("agt_status01", 1L), (GatewayStatus.Load(blocked)?.AgentId, GatewayStatus.Load(blocked)?.Uploaded ?? 0)), Wait, TimeSpan.FromMilliseconds(20));
    }
}
