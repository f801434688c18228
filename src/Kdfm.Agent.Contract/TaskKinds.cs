using System.Collections.Immutable;
using System.Globalization;
using Kdfm.Agent.V1;

namespace Kdfm.Agent;

/// <summary>
/// The task kinds' names, once: what the deprecated <c>AgentTask.kind</c> carries, what the hub's API takes
/// (<c>"kind": "poll-now"</c>) and what the hub stores.
/// </summary>
public static class TaskKinds
{
    /// <summary>The kinds this build knows, in their order.</summary>
    public static readonly ImmutableArray<TaskKind> Known = [TaskKind.PollNow, TaskKind.Rescan, TaskKind.SetConfig, TaskKind.WebSession, TaskKind.Ping, TaskKind.RotateSshKey];

    /// <summary>The names of <see cref="Known"/>, comma-separated, for messages.</summary>
    public static string KnownNames => string.Join(", ", Known.Select(Name));

    /// <summary>The kind's name; a kind this build does not know is named by its number.</summary>
    public static string Name(TaskKind kind) => kind switch
    {
        TaskKind.PollNow => "poll-now",
        TaskKind.Rescan => "rescan",
        TaskKind.SetConfig => "set-config",
        TaskKind.WebSession => "web-session",
        TaskKind.Ping => "ping",
        TaskKind.RotateSshKey => "rotate-ssh-key",
        _ => ((int)kind).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The kind of a name (exact, case-sensitive); false for any other string, null included.</summary>
    public static bool TryParse(string? name, out TaskKind kind)
    {
        foreach (var known in Known)
        {
            if (string.Equals(Name(known), name, StringComparison.Ordinal))
            {
                kind = known;
                return true;
            }
        }

        kind = TaskKind.Unspecified;
        return false;
    }
}
