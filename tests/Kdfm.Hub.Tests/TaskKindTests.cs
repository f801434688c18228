using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent;
using Kdfm.Agent.V1;

namespace Kdfm.Hub.Tests;

/// <summary>The task kinds: the API's names, mapped once to the contract's enum, handed out with the name too for older agents.</summary>
public sealed class TaskKindTests
{
    [Fact]
    public void Every_kind_of_the_contract_has_its_name_and_the_names_parse_back()
    {
        Assert.Equal(Enum.GetValues<TaskKind>().Where(k => k != TaskKind.Unspecified), TaskKinds.Known);
        Assert.Equal(["poll-now", "rescan", "set-config", "web-session", "ping", "rotate-ssh-key"], TaskKinds.Known.Select(TaskKinds.Name));
        Assert.Equal("poll-now, rescan, set-config, web-session, ping, rotate-ssh-key", TaskKinds.KnownNames);
        Assert.All(TaskKinds.Known, kind => Assert.Equal((true, kind), (TaskKinds.TryParse(TaskKinds.Name(kind), out var parsed), parsed)));
        foreach (string? other in new[] { null, "", "Poll-Now", "poll_now", "POLL_NOW", "1", "reboot" })
        {
            Assert.Equal((false, TaskKind.Unspecified), (TaskKinds.TryParse(other, out var parsed), parsed));
        }

        Assert.Equal("9", TaskKinds.Name((TaskKind)9));
    }

    [Fact]
    public async Task Each_task_is_handed_out_with_its_enum_and_its_name()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var ids = new List<string>();
        foreach (object request in new object[] { new { kind = "poll-now" }, new { kind = "rescan" }, new { kind = "set-config", config = new { version = 1, targets = new[] { "127.20.0.0/29" } } } })
        {
            var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", request);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            var view = await posted.Content.ReadFromJsonAsync<JsonElement>();
            ids.Add(view.GetProperty("id").GetString()!);
        }

        var polled = await hub.Grpc().PollAsync(new PollRequest(), TestHub.Auth(agent, credential));

        Assert.Equal(
            [(ids[0], TaskKind.PollNow, "poll-now"), (ids[1], TaskKind.Rescan, "rescan"), (ids[2], TaskKind.SetConfig, "set-config")],
            polled.Tasks.Select(t => (t.Id, t.TaskKind, t.Kind)).ToArray());
        var stored = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{ids[2]}");
        Assert.Equal("set-config", stored.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_api_names_the_kinds_it_takes()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, _) = await hub.ActivateAsync();

        var refused = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "POLL_NOW" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("kind must be one of poll-now, rescan, set-config, web-session, ping, rotate-ssh-key; got 'POLL_NOW'", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
