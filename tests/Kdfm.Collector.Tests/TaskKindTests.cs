using Google.Protobuf;
using Kdfm.Agent.V1;
using Kdfm.Collector.Gateway;

namespace Kdfm.Collector.Tests;

/// <summary>The agent reads a task's kind from task_kind, and from the deprecated name when an older hub sends only that.</summary>
public sealed class TaskKindTests
{
    [Theory]
    [InlineData(TaskKind.PollNow, "poll-now", TaskKind.PollNow)]
    [InlineData(TaskKind.SetConfig, "", TaskKind.SetConfig)]
    [InlineData(TaskKind.Rescan, "poll-now", TaskKind.Rescan)] // task_kind wins
    [InlineData(TaskKind.Unspecified, "poll-now", TaskKind.PollNow)] // an older hub
    [InlineData(TaskKind.Unspecified, "rescan", TaskKind.Rescan)]
    [InlineData(TaskKind.Unspecified, "set-config", TaskKind.SetConfig)]
    [InlineData(TaskKind.Unspecified, "reboot", TaskKind.Unspecified)]
    [InlineData(TaskKind.Unspecified, "", TaskKind.Unspecified)]
    [InlineData((TaskKind)9, "firmware", (TaskKind)9)] // a newer hub's kind: unknown here, kept as it came
    public void The_kind_is_task_kind_else_the_name(TaskKind taskKind, string name, TaskKind expected) =>
        Assert.Equal(expected, TaskRunner.KindOf(new AgentTask { Id = "tsk_1", TaskKind = taskKind, Kind = name }));

    [Fact]
    public void A_task_from_an_older_hub_decodes_without_task_kind_and_is_read_by_its_name()
    {
        // AgentTask as a hub before task_kind encoded it: field 1 "tsk_1", field 2 "rescan".
        byte[] older = Convert.FromHexString("0A0574736B5F31120672657363616E");

        var task = AgentTask.Parser.ParseFrom(older);

        Assert.Equal(("tsk_1", "rescan", TaskKind.Unspecified), (task.Id, task.Kind, task.TaskKind));
        Assert.Equal(TaskKind.Rescan, TaskRunner.KindOf(task));
    }

    [Fact]
    public void The_hub_sends_the_name_and_the_kind_as_field_4()
    {
        var task = new AgentTask { Id = "tsk_1", Kind = "set-config", TaskKind = TaskKind.SetConfig };

        Assert.Equal("0A0574736B5F31120A7365742D636F6E6669672003", Convert.ToHexString(task.ToByteArray()));
    }
}
