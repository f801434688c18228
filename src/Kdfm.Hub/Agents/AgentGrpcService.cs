using System.Text.Json;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Agents;

/// <summary>The agents' gRPC service (protos/kdfm/agent/v1): activation, poll, upload, task results.</summary>
public sealed class AgentGrpcService(HubDb db, Enrolment enrolment, AgentAuthenticator authenticator, IOptions<HubOptions> options, TimeProvider clock,
    ILogger<AgentGrpcService> logger, EnrolmentRateLimiter enrolmentLimiter) : AgentService.AgentServiceBase
{
    public const int MaxBatch = 5000;

    public override async Task<ActivateResponse> Activate(ActivateRequest request, ServerCallContext context)
    {
        enrolmentLimiter.Acquire(context);
        var (agent, refusal) = await enrolment.ActivateAsync(request.Code, request.HostName, request.Version, context.CancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("Activation refused from {Peer}: {Reason}", context.Peer, refusal!.Kind);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal.Message));
        }

        logger.LogInformation("Agent {Agent} activated for tenant {Tenant} from {Host}", agent.AgentId, agent.Tenant, request.HostName);
        return new ActivateResponse { AgentId = agent.AgentId, Credential = agent.Credential, Tenant = agent.Tenant };
    }

    public override async Task<PollResponse> Poll(PollRequest request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        agent.LastSeenAt = now;
        agent.Version = request.Version;
        if (request.Status is { } status)
        {
            agent.DevicesKnown = status.DevicesKnown;
            agent.DevicesDown = status.DevicesDown;
            agent.OutboxPending = status.OutboxPending;
            agent.LastError = status.LastError;
        }

        var waiting = await db.Tasks.Where(t => t.AgentId == agent.Id && t.StartedAt == null && t.CompletedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new PollResponse { NextPollSeconds = options.Value.AgentPollSeconds, AcknowledgedSequence = agent.AcknowledgedSequence, Config = new AgentConfig() };
        foreach (var task in waiting)
        {
            task.StartedAt = now;
            var handed = new Kdfm.Agent.V1.AgentTask { Id = task.Id, Kind = task.Kind };
            if (task.ConfigJson is not null)
            {
                handed.Config = Google.Protobuf.JsonParser.Default.Parse<AgentConfig>(task.ConfigJson);
                task.ConfigJson = WithoutSecrets(task.ConfigJson); // handed out: the hub keeps no SNMP secret
            }

            response.Tasks.Add(handed);
        }

        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>The configuration with the profiles' community strings and passphrases removed.</summary>
    public static string WithoutSecrets(string configJson)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(configJson)!.AsObject();
        if (config["profiles"] is System.Text.Json.Nodes.JsonArray profiles)
        {
            foreach (var profile in profiles.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                foreach (string secret in new[] { "community", "authPassphrase", "auth_passphrase", "privPassphrase", "priv_passphrase" })
                {
                    profile.Remove(secret);
                }
            }
        }

        return config.ToJsonString();
    }

    public override async Task<UploadResponse> Upload(UploadRequest request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        if (request.Readings.Count > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a batch holds at most {MaxBatch} readings, this one {request.Readings.Count}"));
        }

        var parsed = new List<(Kdfm.Agent.V1.Reading Reading, string Address, DateTimeOffset CollectedAt)>(request.Readings.Count);
        var sequences = new HashSet<long>(request.Readings.Count);
        foreach (var reading in request.Readings)
        {
            if (reading.Sequence <= 0 || string.IsNullOrEmpty(reading.DeviceKey))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"reading {reading.Sequence}: a positive sequence and a device key are needed"));
            }

            if (!sequences.Add(reading.Sequence))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"reading {reading.Sequence}: this sequence number is twice in the batch"));
            }

            try
            {
                var (address, collectedAt) = SnapshotHeader.Read(reading.SnapshotJson);
                parsed.Add((reading, address, collectedAt ?? clock.GetUtcNow()));
            }
            catch (JsonException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"reading {reading.Sequence}: snapshot is not JSON: {e.Message}"));
            }
        }

        int stored = await IngestAsync(agent, parsed, context.CancellationToken).ConfigureAwait(false);
        return new UploadResponse { AcknowledgedSequence = agent.AcknowledgedSequence, Stored = stored };
    }

    public override async Task<TaskResultAck> ReportTaskResult(TaskResult request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == request.TaskId && t.AgentId == agent.Id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no task {request.TaskId} for this agent"));
        task.CompletedAt = clock.GetUtcNow();
        task.Ok = request.Ok;
        task.Message = request.Message;
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        return new TaskResultAck();
    }

    /// <summary>
    /// Stores the readings not stored before and the devices' latest state, in one transaction. Idempotent by the unique
    /// index on (agent, sequence): a reading already there is skipped by the database itself, so a resent batch costs
    /// no duplicate and no extra query. Plain SQL: EF Core's change tracking of thousands of rows cost 4x (bench ingest).
    /// </summary>
    private async Task<int> IngestAsync(Storage.AgentRecord agent, List<(Kdfm.Agent.V1.Reading Reading, string Address, DateTimeOffset CollectedAt)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        long high = batch.Max(b => b.Reading.Sequence);
        // SQLite has one writer: uploads queue here, cheaply, instead of retrying on a busy database (measured: eight
        // concurrent uploads were slower than three without this). PostgreSQL takes them concurrently.
        bool sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await SqliteWriter.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        long now = UnixMillisecondsConverter.ToStore(clock.GetUtcNow());
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Plain SQL that SQLite and PostgreSQL both speak (quoted names, ON CONFLICT, RETURNING, CASE for "greatest").
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // SQLite: one prepared statement for every reading (in process, a statement costs microseconds). PostgreSQL: the
            // whole batch in one statement over arrays (a statement costs a round trip). Either way the database skips the
            // readings stored before and returns the ids of the new ones.
            var ids = db.Database.IsNpgsql()
                ? await InsertReadingsPostgresAsync(connection, transaction, agent, batch, now, cancellationToken).ConfigureAwait(false)
                : await InsertReadingsAsync(connection, transaction, agent, batch, now, cancellationToken).ConfigureAwait(false);

            // Each device once per batch: its newest new reading, and how many new readings it had.
            var latest = new Dictionary<string, (long Id, string Address, DateTimeOffset CollectedAt, int Count)>();
            foreach (var (item, itemAddress, collectedAt) in batch)
            {
                if (!ids.TryGetValue(item.Sequence, out long id))
                {
                    continue; // stored before
                }

                latest[item.DeviceKey] = latest.TryGetValue(item.DeviceKey, out var seen)
                    ? (collectedAt >= seen.CollectedAt ? (id, itemAddress, collectedAt, seen.Count + 1) : seen with { Count = seen.Count + 1 })
                    : (id, itemAddress, collectedAt, 1);
            }

            await UpsertDevicesAsync(connection, transaction, agent, latest, db.Database.IsNpgsql(), cancellationToken).ConfigureAwait(false);

            await using (var acknowledge = connection.CreateCommand())
            {
                acknowledge.Transaction = transaction;
                acknowledge.CommandText = """
                    UPDATE "Agents" SET "AcknowledgedSequence" = CASE WHEN "AcknowledgedSequence" > @high THEN "AcknowledgedSequence" ELSE @high END, "LastSeenAt" = @now
                    WHERE "Id" = @agent
                    """;
                Add(acknowledge, "high", high);
                Add(acknowledge, "now", now);
                Add(acknowledge, "agent", agent.Id);
                await acknowledge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            agent.AcknowledgedSequence = Math.Max(agent.AcknowledgedSequence, high);
            return ids.Count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            if (sqlite)
            {
                SqliteWriter.Release();
            }
        }
    }

    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    private static async Task<Dictionary<long, long>> InsertReadingsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        Storage.AgentRecord agent, List<(Kdfm.Agent.V1.Reading Reading, string Address, DateTimeOffset CollectedAt)> batch, long now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, long>(batch.Count);
        await using var insert = AgentCommand(connection, transaction, agent, """
            INSERT INTO "Readings" ("TenantId", "AgentId", "Sequence", "DeviceKey", "CollectedAt", "ReceivedAt", "SnapshotJson")
            VALUES (@tenant, @agent, @sequence, @key, @collected, @now, @json)
            ON CONFLICT ("AgentId", "Sequence") DO NOTHING RETURNING "Id"
            """);
        Add(insert, "now", now);
        var sequence = Add(insert, "sequence", 0L);
        var key = Add(insert, "key", string.Empty);
        var collected = Add(insert, "collected", 0L);
        var json = Add(insert, "json", string.Empty);
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (item, _, collectedAt) in batch)
        {
            sequence.Value = item.Sequence;
            key.Value = item.DeviceKey;
            collected.Value = UnixMillisecondsConverter.ToStore(collectedAt);
            json.Value = item.SnapshotJson;
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
            {
                ids[item.Sequence] = id;
            }
        }

        return ids;
    }

    private static async Task<Dictionary<long, long>> InsertReadingsPostgresAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        Storage.AgentRecord agent, List<(Kdfm.Agent.V1.Reading Reading, string Address, DateTimeOffset CollectedAt)> batch, long now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, long>(batch.Count);
        await using var insert = AgentCommand(connection, transaction, agent, """
            INSERT INTO "Readings" ("TenantId", "AgentId", "Sequence", "DeviceKey", "CollectedAt", "ReceivedAt", "SnapshotJson")
            SELECT @tenant, @agent, t.s, t.k, t.c, @now, t.j FROM unnest(@sequences, @keys, @collected, @jsons) AS t(s, k, c, j)
            ON CONFLICT ("AgentId", "Sequence") DO NOTHING RETURNING "Sequence", "Id"
            """);
        Add(insert, "now", now);
        Add(insert, "sequences", batch.Select(b => b.Reading.Sequence).ToArray());
        Add(insert, "keys", batch.Select(b => b.Reading.DeviceKey).ToArray());
        Add(insert, "collected", batch.Select(b => UnixMillisecondsConverter.ToStore(b.CollectedAt)).ToArray());
        Add(insert, "jsons", batch.Select(b => b.Reading.SnapshotJson).ToArray());
        await using var returned = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await returned.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[returned.GetInt64(0)] = returned.GetInt64(1);
        }

        return ids;
    }

    private const string DeviceUpdate = """
        ON CONFLICT ("TenantId", "Key") DO UPDATE SET
          "Readings" = "Devices"."Readings" + excluded."Readings",
          "AgentId" = CASE WHEN excluded."CollectedAt" >= "Devices"."CollectedAt" THEN excluded."AgentId" ELSE "Devices"."AgentId" END,
          "Address" = CASE WHEN excluded."CollectedAt" >= "Devices"."CollectedAt" THEN excluded."Address" ELSE "Devices"."Address" END,
          "LastReadingId" = CASE WHEN excluded."CollectedAt" >= "Devices"."CollectedAt" THEN excluded."LastReadingId" ELSE "Devices"."LastReadingId" END,
          "CollectedAt" = CASE WHEN excluded."CollectedAt" >= "Devices"."CollectedAt" THEN excluded."CollectedAt" ELSE "Devices"."CollectedAt" END
        """;

    /// <summary>Each device of the batch once (keys are distinct here, as one statement may touch a row only once).</summary>
    private static async Task UpsertDevicesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Storage.AgentRecord agent,
        Dictionary<string, (long Id, string Address, DateTimeOffset CollectedAt, int Count)> latest, bool postgres, CancellationToken cancellationToken)
    {
        await using var device = AgentCommand(connection, transaction, agent, string.Empty);
        if (postgres)
        {
            device.CommandText = """
                INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "Readings")
                SELECT @tenant, t.k, @agent, t.a, t.c, t.r, t.n FROM unnest(@keys, @addresses, @collected, @readings, @counts) AS t(k, a, c, r, n)
                """ + "\n" + DeviceUpdate;
            Add(device, "keys", latest.Keys.ToArray());
            Add(device, "addresses", latest.Values.Select(v => v.Address).ToArray());
            Add(device, "collected", latest.Values.Select(v => UnixMillisecondsConverter.ToStore(v.CollectedAt)).ToArray());
            Add(device, "readings", latest.Values.Select(v => v.Id).ToArray());
            Add(device, "counts", latest.Values.Select(v => (long)v.Count).ToArray());
            await device.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        device.CommandText = """
            INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "Readings")
            VALUES (@tenant, @key, @agent, @address, @collected, @reading, @count)
            """ + "\n" + DeviceUpdate;
        var deviceKey = Add(device, "key", string.Empty);
        var address = Add(device, "address", string.Empty);
        var deviceCollected = Add(device, "collected", 0L);
        var reading = Add(device, "reading", 0L);
        var count = Add(device, "count", 0L);
        foreach (var (key, state) in latest)
        {
            deviceKey.Value = key;
            address.Value = state.Address;
            deviceCollected.Value = UnixMillisecondsConverter.ToStore(state.CollectedAt);
            reading.Value = state.Id;
            count.Value = (long)state.Count;
            await device.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A command in the ingest's transaction with the agent's @tenant and @agent already bound.</summary>
    private static System.Data.Common.DbCommand AgentCommand(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        Storage.AgentRecord agent, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "tenant", agent.TenantId);
        Add(command, "agent", agent.Id);
        return command;
    }

    private static System.Data.Common.DbParameter Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private async Task<Storage.AgentRecord> AuthenticateAsync(ServerCallContext context)
    {
        string? id = context.RequestHeaders.GetValue(AgentAuthenticator.IdHeader);
        string? credential = context.RequestHeaders.GetValue(AgentAuthenticator.CredentialHeader);
        var agent = await authenticator.AuthenticateAsync(id, credential, context.CancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("Agent call refused from {Peer}: unknown agent, wrong credential or revoked ({Agent})", context.Peer, id ?? "no id");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown agent, wrong credential, or the agent was revoked"));
        }

        return agent;
    }
}
