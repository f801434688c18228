using System.Text.Json;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// Fills what the fleet pages read from the stored readings, off the ingest's path (the ingest stays a plain insert):
/// each reading's counters into <see cref="DeviceCounter"/> (readings with <see cref="Reading.CountersStored"/> false),
/// and each device's summary columns from its latest reading (devices whose <see cref="Device.SummaryReadingId"/> is not
/// their <see cref="Device.LastReadingId"/>). A database from before these columns catches up the same way. Batches of
/// <see cref="BatchSize"/>, each in its own transaction; on SQLite in the ingest's writer turn.
/// </summary>
public sealed class DeviceSummaries(HubDb db, IServiceProvider services, DeviceSummaryJob job, ILogger<DeviceSummaries> logger)
{
    public const int BatchSize = 500;

    /// <summary>Any number that names this work's PostgreSQL advisory lock (the hubs of one database take turns).</summary>
    private const long AdvisoryLock = 0x6B64666D_466C6565; // "kdfmFlee"

    /// <summary>Works until nothing is left, one catch-up at a time in this hub; returns the readings and devices it did.</summary>
    public async Task<(int Readings, int Devices)> CatchUpAsync(CancellationToken cancellationToken)
    {
        using (await job.TurnAsync(cancellationToken).ConfigureAwait(false))
        {
            return await CatchUpAloneAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(int Readings, int Devices)> CatchUpAloneAsync(CancellationToken cancellationToken)
    {
        int readings = 0, devices = 0;
        for (int done; (done = await CountersAsync(cancellationToken).ConfigureAwait(false)) > 0;)
        {
            readings += done;
        }

        for (int done; (done = await SummariesAsync(cancellationToken).ConfigureAwait(false)) > 0;)
        {
            devices += done;
        }

        return (readings, devices);
    }

    private async Task<int> CountersAsync(CancellationToken cancellationToken)
    {
        var batch = await db.Readings.AsNoTracking().Where(r => !r.CountersStored).OrderBy(r => r.Id).Take(BatchSize)
            .Select(r => new { r.Id, r.TenantId, r.DeviceKey, r.CollectedAt, r.SnapshotJson }).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Parsed before the writer's turn; checked inside it, against the rows stored by then.
        var parsed = batch.Select(r => (r.Id, r.TenantId, r.DeviceKey, r.CollectedAt, Summary: Summary(r.Id, r.SnapshotJson))).ToList();
        if (parsed.Where(r => r.Summary is { UnknownFlags: > 0 }).ToList() is { Count: > 0 } flagged)
        {
            logger.LogWarning("{Count} counter flag(s) no collector sets were dropped from {Readings} reading(s), the first in reading {ReadingId}",
                flagged.Sum(r => r.Summary!.UnknownFlags), flagged.Count, flagged[0].Id);
        }

        long[] ids = [.. batch.Select(r => r.Id)];
        using (await WriterAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (db.Database.IsNpgsql())
            {
                // Hubs sharing one PostgreSQL database take turns (held until the transaction ends).
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLock})", cancellationToken).ConfigureAwait(false);
            }

            // A reading counted by another hub meanwhile keeps its rows: only the uncounted ones are written.
            var still = (await db.Readings.Where(r => ids.Contains(r.Id) && !r.CountersStored).Select(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToHashSet();
            var trust = new DeviceCounterTrust(db);
            int rewritten = 0;
            foreach (var device in parsed.Where(r => still.Contains(r.Id)).GroupBy(r => (r.TenantId, r.DeviceKey)))
            {
                // The across-readings check (issue 14): each counter against the last trusted value before each reading.
                var readings = device.Select(r => new DeviceCounterTrust.NewReading(r.Id, r.CollectedAt, r.Summary?.Counters ?? [])).ToList();
                rewritten += await trust.ApplyAsync(device.Key.TenantId, device.Key.DeviceKey, readings, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            long[] counted = [.. still];
            await db.Readings.Where(r => counted.Contains(r.Id)).ExecuteUpdateAsync(u => u.SetProperty(r => r.CountersStored, true), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (rewritten > 0)
            {
                logger.LogDebug("Counters of {Readings} reading(s) stored; {Rewritten} stored counter row(s) checked again after late readings", still.Count, rewritten);
            }
        }

        db.ChangeTracker.Clear();
        return batch.Count;
    }

    private async Task<int> SummariesAsync(CancellationToken cancellationToken)
    {
        var batch = await (from d in db.Devices.AsNoTracking()
                           where d.SummaryReadingId != d.LastReadingId
                           join r in db.Readings on d.LastReadingId equals r.Id
                           orderby d.TenantId, d.Key
                           select new { d.TenantId, d.Key, d.LastReadingId, r.SnapshotJson }).Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }

        using (await WriterAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var device in batch)
            {
                var s = Summary(device.LastReadingId, device.SnapshotJson);
                if (s is { Status: FleetStatus.DownStatus })
                {
                    await DownAsync(device.TenantId, device.Key, device.LastReadingId, s, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Only while the reading is still the latest: the ingest may have moved on meanwhile (the next round takes that).
                await db.Devices.Where(d => d.TenantId == device.TenantId && d.Key == device.Key && d.LastReadingId == device.LastReadingId)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(d => d.SummaryReadingId, device.LastReadingId)
                        .SetProperty(d => d.Vendor, s == null ? null : s.Vendor)
                        .SetProperty(d => d.Model, s == null ? null : s.Model)
                        .SetProperty(d => d.Serial, s == null ? null : s.Serial)
                        .SetProperty(d => d.SysName, s == null ? null : s.SysName)
                        .SetProperty(d => d.Location, s == null ? null : s.Location)
                        .SetProperty(d => d.Status, s == null ? null : s.Status)
                        .SetProperty(d => d.ErrorCount, s == null ? 0 : s.ErrorCount)
                        .SetProperty(d => d.AlertCount, s == null ? 0 : s.AlertCount)
                        .SetProperty(d => d.LowestSupplyPercent, s == null ? null : s.LowestSupplyPercent)
                        .SetProperty(d => d.LowestSupply, s == null ? null : s.LowestSupply)
                        .SetProperty(d => d.TotalPages, s == null ? null : s.TotalPages), cancellationToken).ConfigureAwait(false);
            }
        }

        return batch.Count;
    }

    /// <summary>
    /// A down reading (SNAPSHOT.md status <c>down</c>; the collector writes one when a device stops answering, with its identity
    /// and what its ping found) says what it says; what it leaves out (location, supplies, pages: not read) stays as last read,
    /// from the newest earlier reading that was not a down one (it may have come in the same upload, never summarised), else
    /// from the columns, so the list still shows where the printer is and its last counter.
    /// </summary>
    private async Task DownAsync(int tenantId, string key, long readingId, SnapshotSummary down, CancellationToken cancellationToken)
    {
        var earlier = await db.Readings.AsNoTracking().Where(r => r.TenantId == tenantId && r.DeviceKey == key && r.Id < readingId).OrderByDescending(r => r.Id)
            .Take(LookBack).Select(r => new { r.Id, r.SnapshotJson }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var read = earlier.Select(r => Summary(r.Id, r.SnapshotJson)).FirstOrDefault(x => x is not null && x.Status != FleetStatus.DownStatus);
        var s = down with
        {
            Vendor = down.Vendor ?? read?.Vendor, Model = down.Model ?? read?.Model, Serial = down.Serial ?? read?.Serial, SysName = down.SysName ?? read?.SysName,
            Location = down.Location ?? read?.Location, TotalPages = down.TotalPages ?? read?.TotalPages,
            LowestSupplyPercent = down.LowestSupplyPercent ?? read?.LowestSupplyPercent, LowestSupply = down.LowestSupplyPercent is null ? read?.LowestSupply : down.LowestSupply,
        };
        await db.Devices.Where(d => d.TenantId == tenantId && d.Key == key && d.LastReadingId == readingId)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.SummaryReadingId, readingId)
                .SetProperty(d => d.Status, s.Status)
                .SetProperty(d => d.ErrorCount, s.ErrorCount)
                .SetProperty(d => d.AlertCount, s.AlertCount)
                .SetProperty(d => d.Vendor, d => s.Vendor ?? d.Vendor)
                .SetProperty(d => d.Model, d => s.Model ?? d.Model)
                .SetProperty(d => d.Serial, d => s.Serial ?? d.Serial)
                .SetProperty(d => d.SysName, d => s.SysName ?? d.SysName)
                .SetProperty(d => d.Location, d => s.Location ?? d.Location)
                .SetProperty(d => d.LowestSupplyPercent, d => s.LowestSupplyPercent ?? d.LowestSupplyPercent)
                .SetProperty(d => d.LowestSupply, d => s.LowestSupplyPercent == null ? d.LowestSupply : s.LowestSupply)
                .SetProperty(d => d.TotalPages, d => s.TotalPages ?? d.TotalPages), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Earlier readings a down reading's summary looks through for the last one read (down readings come only when the ping's outcome changes).</summary>
    private const int LookBack = 8;

    /// <summary>The summary, or null for a snapshot that cannot be read (the ingest refuses those; one stored by an older hub is skipped, not retried forever).</summary>
    private SnapshotSummary? Summary(long readingId, string json)
    {
        try
        {
            return SnapshotSummary.Read(json);
        }
        catch (JsonException e)
        {
            logger.LogWarning("Reading {ReadingId}: its snapshot cannot be summarised: {Error}", readingId, e.Message);
            return null;
        }
    }

    /// <summary>SQLite's one writer: the ingest's turn (<see cref="SqliteWriterLock"/>); PostgreSQL: none needed.</summary>
    private async Task<IDisposable?> WriterAsync(CancellationToken cancellationToken) =>
        services.GetService<SqliteWriterLock>() is { } writer ? await writer.EnterAsync(cancellationToken).ConfigureAwait(false) : null;
}
