using System.Text.Json;
using Akka.Actor;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// What the gateway last saw, for the log, for the hub (in each poll) and for <c>kdfm-collector status</c>. A change
/// (<see cref="Update"/>) is made in memory, where <see cref="Current"/> reads it at once; the <see cref="StatusWriter"/>
/// is told, and writes status.json in the data directory (readable while <c>run</c> runs): no actor that changes the
/// status waits on the disk.
/// </summary>
public sealed class GatewayStatus(TimeProvider clock)
{
    public const string FileName = "status.json";

    private readonly Lock _lock = new();
    private Snapshot _current = new();
    private IActorRef? _writer;

    public sealed record Snapshot
    {
        public string Hub { get; init; } = string.Empty;

        public string AgentId { get; init; } = string.Empty;

        public DateTimeOffset? LastPollAt { get; init; }

        public DateTimeOffset? LastPollOkAt { get; init; }

        public string PollError { get; init; } = string.Empty;

        public DateTimeOffset? LastUploadOkAt { get; init; }

        public string UploadError { get; init; } = string.Empty;

        public long Uploaded { get; init; }

        public long AcknowledgedSequence { get; init; }

        public long OutboxPending { get; init; }

        /// <summary>Readings skipped for good since the store began (refused by the hub, or not sendable).</summary>
        public long RefusedReadings { get; init; }

        /// <summary>The latest of them, with their sequence and reason.</summary>
        public System.Collections.Immutable.ImmutableArray<Refusal> LastRefusals { get; init; } = [];

        public bool MqttConnected { get; init; }

        public string MqttError { get; init; } = string.Empty;

        public int DevicesKnown { get; init; }

        public int DevicesDown { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        /// <summary>When this process started: a tunnel the hub saw up before it cannot be this process's.</summary>
        public DateTimeOffset? StartedAt { get; init; }

        /// <summary>The Device Web Access sessions whose tunnel is open now.</summary>
        public System.Collections.Immutable.ImmutableArray<string> WebSessions { get; init; } = [];

        /// <summary>The first gateway problem in force, or empty.</summary>
        public string LastError => new[] { PollError, UploadError, MqttError }.FirstOrDefault(e => e.Length > 0) ?? string.Empty;
    }

    public Snapshot Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Changes the status in memory and tells the writer, if one is attached (no file is touched here).</summary>
    public void Update(Func<Snapshot, Snapshot> change)
    {
        IActorRef? writer;
        lock (_lock)
        {
            _current = change(_current) with { UpdatedAt = clock.GetUtcNow() };
            writer = _writer;
        }

        writer?.Tell(StatusWriter.Changed.Instance);
    }

    /// <summary>The <see cref="StatusWriter"/> to tell of each change from now on (null when it stops).</summary>
    internal void TellChangesTo(IActorRef? writer)
    {
        lock (_lock)
        {
            _writer = writer;
        }
    }

    public static Snapshot? Load(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>status.json's form, for <see cref="Load"/> and the <see cref="StatusWriter"/>.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
