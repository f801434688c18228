using System.Collections.Immutable;
using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Transport;

public sealed partial class SnmpClient
{
    /// <summary>
    /// Reads the subtree under <paramref name="root"/> with GETBULK (adapting max-repetitions per agent) or GETNEXT.
    /// Stops at the end of the subtree, at endOfMibView (v1: noSuchName), at the row cap, at the byte cap, and with an
    /// <see cref="OidNotIncreasingError"/> when the agent returns an OID that does not increase.
    /// </summary>
    public async Task<SnmpResult<WalkResult>> WalkAsync(
        SnmpTarget target, Oid root, WalkOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= WalkOptions.Default;
        var rows = ImmutableArray.CreateBuilder<VarBind>();
        var walked = await WalkSubtreeAsync(target, root, root, rows, options, new WalkBudget(options.MaxBytes), cancellationToken).ConfigureAwait(false);
        if (!walked.IsSuccess)
        {
            return walked.Error!;
        }

        var (end, requests) = walked.Value;
        if (rows.Count == 0 && options.GetRootWhenEmpty && end != WalkEnd.ByteCap)
        {
            // Walking a leaf instance ("sysDescr.0") gives it, as snmpwalk does.
            requests++;
            var single = await RequestAsync(target, Pdu.Get(0, root), cancellationToken).ConfigureAwait(false);
            if (single.IsSuccess && single.Value.ErrorStatus == ErrorStatus.NoError &&
                single.Value.VarBinds.Length == 1 && !single.Value.VarBinds[0].Value.IsException)
            {
                rows.Add(single.Value.VarBinds[0]);
            }
        }

        return SnmpResult<WalkResult>.Success(new WalkResult(rows.ToImmutable(), end, requests));
    }

    /// <summary>
    /// Walks the subtree under <paramref name="root"/> from <paramref name="cursor"/> on, adding to <paramref name="rows"/>
    /// (which may hold the subtree's rows up to the cursor: they count towards the row cap) and taking from
    /// <paramref name="budget"/>. Gives how the subtree ended and the requests it took.
    /// </summary>
    private async Task<SnmpResult<(WalkEnd End, int Requests)>> WalkSubtreeAsync(
        SnmpTarget target, Oid root, Oid cursor, ImmutableArray<VarBind>.Builder rows, WalkOptions options, WalkBudget budget,
        CancellationToken cancellationToken)
    {
        var peer = Peer(target.EndPoint);
        int requests = 0;
        bool shrankAfterTimeout = false;
        while (true)
        {
            bool bulk = options.UseBulk && target.Version != SnmpVersion.V1 && !peer.BulkUnsupported;
            int repetitions = bulk ? Math.Clamp(peer.MaxRepetitions(target), 1, Math.Max(1, options.MaxRows - rows.Count)) : 1;
            var request = bulk ? Pdu.GetBulk(0, 0, repetitions, cursor) : Pdu.GetNext(0, cursor);
            requests++;
            var result = await RequestAsync(target, request, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                if (bulk && result.Error is TimeoutError && repetitions > 1 && !shrankAfterTimeout)
                {
                    // A big reply may be lost (fragments dropped on the way): ask once more for fewer rows.
                    shrankAfterTimeout = true;
                    peer.ShrinkRepetitions(repetitions);
                    continue;
                }

                return result.Error!;
            }

            var response = result.Value;
            if (response.ErrorStatus != ErrorStatus.NoError)
            {
                if (bulk && response.ErrorStatus == ErrorStatus.TooBig && repetitions > 1)
                {
                    peer.ShrinkRepetitions(repetitions); // RFC 3416 §4.2.3: ask for fewer repetitions
                    continue;
                }

                if (bulk)
                {
                    // An agent that answers GETBULK with an error does not do bulk: walk it with GETNEXT.
                    peer.BulkUnsupported = true;
                    continue;
                }

                if (response.ErrorStatus == ErrorStatus.NoSuchName)
                {
                    return Ended(WalkEnd.EndOfMibView); // RFC 1157 §4.1.3: v1's end of the MIB
                }

                return new ErrorStatusError(response.ErrorStatus, response.ErrorIndex, cursor);
            }

            if (response.VarBinds.IsEmpty)
            {
                if (bulk)
                {
                    peer.BulkUnsupported = true;
                    continue;
                }

                return Ended(WalkEnd.EndOfMibView);
            }

            foreach (var vb in response.VarBinds)
            {
                if (vb.Value.Type == SnmpType.EndOfMibView)
                {
                    return Ended(WalkEnd.EndOfMibView);
                }

                if (!root.IsAncestorOf(vb.Oid))
                {
                    return Ended(WalkEnd.EndOfSubtree);
                }

                if (vb.Oid <= cursor)
                {
                    return new OidNotIncreasingError(cursor, vb.Oid, rows.Count);
                }

                if (!budget.TryTake(vb))
                {
                    return Ended(WalkEnd.ByteCap);
                }

                rows.Add(vb);
                cursor = vb.Oid;
                if (rows.Count >= options.MaxRows)
                {
                    return Ended(WalkEnd.RowCap);
                }
            }
        }

        SnmpResult<(WalkEnd End, int Requests)> Ended(WalkEnd end) => SnmpResult<(WalkEnd End, int Requests)>.Success((end, requests));
    }
}
