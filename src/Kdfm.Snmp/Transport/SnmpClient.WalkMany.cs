using System.Collections.Immutable;
using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Transport;

public sealed partial class SnmpClient
{
    /// <summary>How many subtrees one GETBULK advances at once.</summary>
    private const int SubtreesPerRequest = 10;

    /// <summary>
    /// Reads several subtrees with as few requests as it can: one GETBULK carries up to ten of them as repeaters
    /// (RFC 3416 §4.2.3), so empty and short subtrees cost a share of one request instead of one each. Stops each
    /// subtree as <see cref="WalkAsync"/> does, and the whole read when the rows of all subtrees together reach
    /// <see cref="WalkOptions.MaxBytes"/>; continues per subtree with GETNEXT for v1 and for agents without bulk.
    /// </summary>
    public async Task<SnmpResult<MultiWalkResult>> WalkManyAsync(
        SnmpTarget target, IReadOnlyList<Oid> roots, WalkOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= WalkOptions.Default;
        var peer = Peer(target.EndPoint);
        var budget = new WalkBudget(options.MaxBytes);
        var rows = roots.Select(_ => ImmutableArray.CreateBuilder<VarBind>()).ToArray();
        var cursors = roots.ToArray();
        var active = Enumerable.Range(0, roots.Count).ToList();
        int requests = 0;
        var end = WalkEnd.EndOfSubtree;
        while (active.Count > 0)
        {
            if (target.Version == SnmpVersion.V1 || peer.BulkUnsupported || !options.UseBulk)
            {
                foreach (int i in active)
                {
                    // From the subtree's cursor on: the rows before it were read already.
                    var single = await WalkSubtreeAsync(target, roots[i], cursors[i], rows[i], options, budget, cancellationToken).ConfigureAwait(false);
                    if (!single.IsSuccess)
                    {
                        return single.Error!;
                    }

                    requests += single.Value.Requests;
                    end = Worse(end, single.Value.End);
                    if (end == WalkEnd.ByteCap)
                    {
                        break;
                    }
                }

                break;
            }

            var batch = active.Take(SubtreesPerRequest).ToList();
            // Twice the per-subtree repetitions shared out: about 50 rows a reply, more per subtree as subtrees end.
            int repetitions = Math.Max(2, peer.MaxRepetitions(target) * 2 / batch.Count);
            requests++;
            var result = await RequestAsync(target, Pdu.GetBulk(0, 0, repetitions, [.. batch.Select(i => cursors[i])]), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            var response = result.Value;
            if (response.ErrorStatus == ErrorStatus.TooBig && peer.MaxRepetitions(target) > 1)
            {
                peer.ShrinkRepetitions(peer.MaxRepetitions(target));
                continue;
            }

            if (response.ErrorStatus != ErrorStatus.NoError || response.VarBinds.IsEmpty)
            {
                peer.BulkUnsupported = true; // the per-subtree path takes over from the current cursors
                continue;
            }

            var finished = new HashSet<int>();
            for (int k = 0; k < response.VarBinds.Length; k++)
            {
                int i = batch[k % batch.Count];
                if (finished.Contains(i))
                {
                    continue;
                }

                var vb = response.VarBinds[k];
                if (vb.Value.Type == SnmpType.EndOfMibView || !roots[i].IsAncestorOf(vb.Oid))
                {
                    finished.Add(i);
                    continue;
                }

                if (vb.Oid <= cursors[i])
                {
                    return new OidNotIncreasingError(cursors[i], vb.Oid, rows[i].Count);
                }

                if (!budget.TryTake(vb))
                {
                    return Read(WalkEnd.ByteCap);
                }

                rows[i].Add(vb);
                cursors[i] = vb.Oid;
                if (rows[i].Count >= options.MaxRows)
                {
                    end = WalkEnd.RowCap;
                    finished.Add(i);
                }
            }

            active.RemoveAll(finished.Contains);
        }

        return Read(end);

        SnmpResult<MultiWalkResult> Read(WalkEnd how) =>
            SnmpResult<MultiWalkResult>.Success(new MultiWalkResult([.. rows.Select(r => r.ToImmutable())], requests) { End = how });
    }

    /// <summary>How several subtrees ended together: the byte cap over a row cap over a normal end.</summary>
    private static WalkEnd Worse(WalkEnd sofar, WalkEnd subtree) =>
        sofar == WalkEnd.ByteCap || subtree == WalkEnd.ByteCap ? WalkEnd.ByteCap
        : sofar == WalkEnd.RowCap || subtree == WalkEnd.RowCap ? WalkEnd.RowCap
        : WalkEnd.EndOfSubtree;
}
