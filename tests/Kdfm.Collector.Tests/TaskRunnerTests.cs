using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Icmp;
using Kdfm.Collector.Persistence;
using Kdfm.Snmp.Security;
using Kdfm.Testing;
using Status = Grpc.Core.Status;

namespace Kdfm.Collector.Tests;

/// <summary>
/// The task runner against a hub in memory (<see cref="FakeHub"/>), on virtual time: each kind's result reaches the hub,
/// and a result the hub could not take is sent again after the back-off, not lost.
/// </summary>
public sealed class TaskRunnerTests() : TestKit(Akka.Configuration.ConfigurationFactory
    .ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
    .WithFallback(CollectorConfig.Defaults))
{
    /// <summary>Real time for what runs off virtual time (the actors, the tasks): generous, as the suite shares two cores.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly AgentIdentity Identity = new(new Uri("https://127.0.0.1:1/"), "agt_tasks01", new Secret("credential-1"), "t", null);

    private readonly TempDirectory _data = new("kdfm-tasks-");

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private sealed record Runner(IActorRef Ref, TestProbe Registry, TestProbe Tunnels, TestProbe Pinger, GatewayParts Parts);

    private Runner Start(FakeHub hub, LiveSettings? live = null)
    {
        var parts = new GatewayParts(Identity, _data.Path, Path.Combine(_data.Path, "collector.db"), hub.Connection(Identity));
        var (registry, discovery, tunnels, pinger) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var runner = Sys.ActorOf(TaskRunner.Props(parts, live ?? new LiveSettings(new CollectorSettings()), registry.Ref, discovery.Ref, tunnels.Ref, pinger.Ref));
        return new Runner(runner, registry, tunnels, pinger, parts);
    }

    /// <summary>The result of the <paramref name="count"/>th call the hub got.</summary>
    private TaskResult Reported(FakeHub hub, int count)
    {
        AwaitCondition(() => hub.Calls >= count, Wait, TimeSpan.FromMilliseconds(20));
        return hub.Reports.ElementAt(count - 1);
    }

    private static AgentTask Unknown(string id) => new() { Id = id, Kind = "reboot" };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _data.Dispose();
    }

    [Fact]
    public void A_result_the_hub_could_not_take_is_sent_again_after_the_back_off_and_only_until_it_is_taken()
    {
        var hub = new FakeHub(StatusCode.Unavailable);
        var runner = Start(hub);
        EventFilter.Warning(contains: "next try in 5 s").ExpectOne(Wait, () =>
        {
            runner.Ref.Tell(new RunTask(new AgentTask { Id = "tsk_1", TaskKind = TaskKind.PollNow }));
            runner.Registry.ExpectMsg<DeviceRegistry.GetKnownDevices>(Wait);
            runner.Registry.Reply(new DeviceRegistry.KnownDevices(
                [new DeviceRegistered("hp:1", new IPEndPoint(IPAddress.Parse("127.20.0.1"), 161), "public"), new DeviceRegistered("hp:2", new IPEndPoint(IPAddress.Parse("127.20.0.2"), 161), "public")]));
            runner.Registry.ExpectMsg<DeviceRegistry.PollAll>(Wait);
        });
        var polling = new TaskResult { TaskId = "tsk_1", Ok = true, Message = "polling 2 devices now" };
        Assert.Equal(polling, Reported(hub, 1)); // the call the hub failed

        Scheduler.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, hub.Calls);
        Scheduler.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(polling, Reported(hub, 2));

        // Taken: no more sends. A send made after the time passed would come before the next task's report.
        Scheduler.Advance(TimeSpan.FromMinutes(10));
        runner.Ref.Tell(new RunTask(Unknown("tsk_2")));
        Assert.Equal("tsk_2", Reported(hub, 3).TaskId);
        Assert.Equal(3, hub.Calls);
        Assert.All(hub.AgentIds, id => Assert.Equal("agt_tasks01", id));
    }

    [Fact]
    public void A_result_the_hub_refuses_is_not_sent_again()
    {
        var hub = new FakeHub(StatusCode.FailedPrecondition);
        var runner = Start(hub);
        EventFilter.Warning(contains: "The hub refused the result of task tsk_1").ExpectOne(Wait, () => runner.Ref.Tell(new RunTask(Unknown("tsk_1"))));

        Scheduler.Advance(TimeSpan.FromMinutes(10));
        runner.Ref.Tell(new RunTask(Unknown("tsk_2")));

        Assert.Equal("tsk_2", Reported(hub, 2).TaskId);
        Assert.Equal(["tsk_1", "tsk_2"], hub.Reports.Select(r => r.TaskId));
    }

    [Fact]
    public void The_back_off_doubles_from_5_s_to_a_minute_for_10_attempts_and_a_refusal_is_final()
    {
        var unavailable = new RpcException(new Status(StatusCode.Unavailable, "down"));

        Assert.Equal(
            new double?[] { 5, 10, 20, 40, 60, 60, 60, 60, 60, null },
            Enumerable.Range(1, TaskResultRetry.MaxAttempts).Select(attempts => TaskResultRetry.After(attempts, unavailable)?.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(10), TaskResultRetry.After(2, new RpcException(new Status(StatusCode.DeadlineExceeded, "slow"))));
        Assert.Equal(TimeSpan.FromSeconds(5), TaskResultRetry.After(1, new HttpRequestException("reset")));
        Assert.Null(TaskResultRetry.After(1, new RpcException(new Status(StatusCode.NotFound, "no task tsk_1 for this agent"))));
        Assert.Null(TaskResultRetry.After(1, new RpcException(new Status(StatusCode.PermissionDenied, "revoked"))));
    }

    [Fact]
    public void An_unknown_kind_is_a_failed_task_naming_the_kinds_this_agent_knows()
    {
        var hub = new FakeHub();
        var runner = Start(hub);

        runner.Ref.Tell(new RunTask(new AgentTask { Id = "tsk_1", Kind = "firmware", TaskKind = (TaskKind)9 }));

        Assert.Equal(new TaskResult
        {
            TaskId = "tsk_1", Ok = false,
            Message = "unknown task kind 'firmware' (task_kind 9) (this agent knows poll-now, rescan, set-config, web-session, ping, rotate-ssh-key)",
        }, Reported(hub, 1));
    }

    [Fact]
    public void A_ping_result_comes_from_the_pinger_and_a_ping_it_does_not_answer_in_time_fails_once()
    {
        var hub = new FakeHub();
        var runner = Start(hub);
        var request = new PingRequest { Target = "127.20.0.5" };

        runner.Ref.Tell(new RunTask(new AgentTask { Id = "tsk_1", TaskKind = TaskKind.Ping, Ping = request }));
        runner.Pinger.ExpectMsg<RunPing>(r => Assert.Equal(("tsk_1", request), (r.TaskId, r.Request)), Wait);
        runner.Pinger.Reply(new PingFinished("tsk_1", new PingFailure("127.20.0.5", PingFailure.Kinds.Unavailable, "install iputils-ping")));
        Assert.Equal(new TaskResult { TaskId = "tsk_1", Ok = false, Message = "install iputils-ping" }, Reported(hub, 1));

        runner.Ref.Tell(new RunTask(new AgentTask { Id = "tsk_2", TaskKind = TaskKind.Ping, Ping = request }));
        runner.Pinger.ExpectMsg<RunPing>(Wait);
        Scheduler.Advance(PingTask.Deadline(request));
        Assert.Equal(new TaskResult { TaskId = "tsk_2", Ok = false, Message = "ping of 127.20.0.5 did not end within 44 s" }, Reported(hub, 2));

        runner.Pinger.Reply(new PingFinished("tsk_2", new PingFailure("127.20.0.5", PingFailure.Kinds.Failed, "too late"))); // reported already
        runner.Ref.Tell(new RunTask(Unknown("tsk_3")));
        Assert.Equal("tsk_3", Reported(hub, 3).TaskId);
    }

    [Fact]
    public void A_web_session_goes_to_the_tunnels_whose_answer_is_reported()
    {
        var hub = new FakeHub();
        var runner = Start(hub);
        var task = new AgentTask { Id = "tsk_1", TaskKind = TaskKind.WebSession, WebSession = new WebSession { Id = "ws_1", DeviceKey = "hp:1", Port = 80 } };

        runner.Ref.Tell(new RunTask(task));
        Assert.Equal(task, runner.Tunnels.ExpectMsg<TunnelManager.Open>(Wait).Task);
        var up = new TaskResult { TaskId = "tsk_1", Ok = true, Message = "tunnel open" };
        runner.Tunnels.Reply(new ReportTaskResult(up));

        Assert.Equal(up, Reported(hub, 1));
    }

    [Fact]
    public void Set_config_applies_a_valid_configuration_and_refuses_one_naming_the_profile_at_fault()
    {
        var hub = new FakeHub();
        var live = new LiveSettings(new CollectorSettings { Targets = ["127.20.0.0/29"], Exclusions = ["127.20.0.7"] });
        var runner = Start(hub, live);
        var before = live.Current;

        runner.Ref.Tell(new RunTask(new AgentTask
        {
            Id = "tsk_1", TaskKind = TaskKind.SetConfig,
            Config = new AgentConfig { Targets = { "127.30.0.0/29" }, Profiles = { new Kdfm.Agent.V1.CredentialProfile { Name = "v4", Version = "4" } } },
        }));
        Assert.Equal(new TaskResult { TaskId = "tsk_1", Ok = false, Message = "configuration refused: profiles[0]:Version: '4' is not 1, 2c or 3" }, Reported(hub, 1));
        Assert.Same(before, live.Current);

        // The same targets: nothing to scan, the result is at once.
        runner.Ref.Tell(new RunTask(new AgentTask
        {
            Id = "tsk_2", TaskKind = TaskKind.SetConfig,
            Config = new AgentConfig { Targets = { "127.20.0.0/29" }, PollIntervalSeconds = 60, Profiles = { new Kdfm.Agent.V1.CredentialProfile { Name = "site-v2c", Version = "2c", Community = "site" } } },
        }));
        Assert.Equal(new TaskResult
        {
            TaskId = "tsk_2", Ok = true,
            Message = "applied: 1 targets, 0 exclusions, 1 profiles (site-v2c), poll every 60 s, discovery every 86400 s",
        }, Reported(hub, 2));
        Assert.Equal((TimeSpan.FromMinutes(1), "site-v2c"), (live.Current.PollInterval, live.Current.Profiles.Single().Name));
        Assert.Empty(live.Current.Exclusions);

        runner.Ref.Tell(new RunTask(new AgentTask { Id = "tsk_3", Kind = "set-config" }));
        Assert.Equal(new TaskResult { TaskId = "tsk_3", Ok = false, Message = "set-config without a configuration" }, Reported(hub, 3));
    }

    [Fact]
    public void Rotate_ssh_key_makes_a_new_pair_and_reports_its_public_key()
    {
        var hub = new FakeHub();
        var runner = Start(hub);

        runner.Ref.Tell(new RunTask(new AgentTask { Id = "tsk_1", TaskKind = TaskKind.RotateSshKey }));

        var result = Reported(hub, 1);
        Assert.Equal(new TaskResult
        {
            TaskId = "tsk_1", Ok = true, SshPublicKey = SshKey.PublicKey(_data.Path)!,
            Message = "new SSH key made (the hub sent no SSH endpoint: Device Web Access is off there)",
        }, result);
        Assert.StartsWith("ssh-ed25519 ", result.SshPublicKey, StringComparison.Ordinal);
        Assert.Null(runner.Parts.Identity.Ssh);
    }
}
