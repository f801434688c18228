using System.Diagnostics;
using Kdfm.Printers;
using Kdfm.Printers.Plan;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Polling;

/// <summary>Reads one live printer with the poll plan and interprets it: the I/O half of a snapshot.</summary>
public static class DeviceReader
{
    private static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");

    /// <summary>
    /// What one reading may hold of a device's answers: 5,000 rows a subtree and 4 MB in all (a real printer's poll plan is
    /// a few hundred rows and tens of KB): a broken or hostile agent cannot make a reading unbounded.
    /// </summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    private static readonly WalkOptions PlanWalk = new() { MaxRows = 5000, GetRootWhenEmpty = false, MaxBytes = MaxBytes };

    /// <summary>
    /// One reading within <paramref name="deadline"/>: each request has its own timeout and retries, and this bounds the
    /// whole (a device that answers slowly to a long plan, an agent that never ends a table).
    /// </summary>
    public static async Task<SnmpResult<DeviceSnapshot>> ReadAsync(SnmpClient client, SnmpTarget target, TimeProvider clock, TimeSpan deadline)
    {
        using var limit = new CancellationTokenSource(deadline, clock);
        try
        {
            return await ReadAsync(client, target, clock, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return new ReadDeadlineError(target.EndPoint, deadline);
        }
    }

    public static async Task<SnmpResult<DeviceSnapshot>> ReadAsync(SnmpClient client, SnmpTarget target, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var first = await client.GetAsync(target, [SysObjectId], cancellationToken).ConfigureAwait(false);
        if (!first.IsSuccess)
        {
            return first.Error!;
        }

        int requests = 1;
        bool cut = false;
        var id = first.Value.VarBinds[0].Value is { Type: SnmpType.ObjectIdentifier } value ? value.AsOid() : (Oid?)null;
        var rows = new List<VarBind>();
        var plan = PollPlan.Subtrees(id);
        for (int pass = 0; pass < 2 && plan.Count > 0; pass++)
        {
            var walk = await client.WalkManyAsync(target, plan, PlanWalk, cancellationToken).ConfigureAwait(false);
            if (!walk.IsSuccess)
            {
                return walk.Error!;
            }

            requests += walk.Value.Requests;
            cut |= walk.Value.End == WalkEnd.ByteCap;
            var leaves = new List<Oid>();
            for (int i = 0; i < plan.Count; i++)
            {
                rows.AddRange(walk.Value.Rows[i]);
                if (walk.Value.Rows[i].IsEmpty)
                {
                    leaves.Add(plan[i]);
                }
            }

            // Plan entries with nothing under them may be single instances ("….7.0"): one GET asks for them all.
            foreach (var batch in leaves.Chunk(16))
            {
                var (found, sent) = await GetExistingAsync(client, target, batch, cancellationToken).ConfigureAwait(false);
                rows.AddRange(found);
                requests += sent;
            }

            // A sysObjectID that named no vendor: the first pass tells it, a second reads its private subtrees.
            plan = pass == 0 && !PollPlan.NamesVendor(id) ? PollPlan.FollowUp(rows, plan.ToList()) : [];
        }

        string version = target.Version switch
        {
            SnmpVersion.V1 => "1",
            SnmpVersion.V2c => "2c",
            _ => "3",
        };
        var context = new SnapshotContext(target.EndPoint.Address.ToString(), clock.GetUtcNow(), new SnmpInfo(version, stopwatch.ElapsedMilliseconds, requests));
        var snapshot = PrinterInterpreter.Interpret(rows, context);
        if (cut)
        {
            snapshot = snapshot with { Warnings = snapshot.Warnings.Add($"the device's answers reached {MaxBytes / (1024 * 1024)} MB: the rest was not read") };
        }

        return SnmpResult<DeviceSnapshot>.Success(snapshot);
    }

    /// <summary>
    /// GETs the instances that exist among <paramref name="oids"/>. SNMPv2c/v3 agents mark a missing one with
    /// noSuchObject/noSuchInstance; an SNMPv1 agent fails the whole request with noSuchName and the index of the first
    /// missing one, which is dropped before asking again (at most once per OID). A lost request gives what was read.
    /// </summary>
    internal static async Task<(List<VarBind> Found, int Requests)> GetExistingAsync(SnmpClient client, SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken)
    {
        var asking = oids.ToList();
        int requests = 0;
        while (asking.Count > 0)
        {
            var get = await client.RequestAsync(target, Pdu.Get(0, [.. asking]), cancellationToken).ConfigureAwait(false);
            requests++;
            if (!get.IsSuccess)
            {
                break;
            }

            var response = get.Value;
            if (response.ErrorStatus == ErrorStatus.NoError)
            {
                return ([.. response.VarBinds.Where(v => !v.Value.IsException)], requests);
            }

            if (response.ErrorStatus != ErrorStatus.NoSuchName || response.ErrorIndex < 1 || response.ErrorIndex > asking.Count)
            {
                break; // genErr, tooBig or an index out of range: nothing to learn from a retry
            }

            asking.RemoveAt(response.ErrorIndex - 1);
        }

        return ([], requests);
    }
}
