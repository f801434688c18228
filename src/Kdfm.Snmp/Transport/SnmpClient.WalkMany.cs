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
    /// subtree as <see cref="WalkAsync"/> does; falls back to <see cref="WalkAsync"/> per subtree for v1 and for agents
    /// without bulk.
    /// </summary>
    public async Task<SnmpResult<MultiWalkResult>> WalkManyAsync(
        SnmpTarget target, IReadOnlyList<Oid> roots, WalkOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= WalkOptions.Default;
        var peer = Peer(target.EndPoint);
        var rows = roots.Select(_ => ImmutableArray.CreateBuilder<VarBind>()).ToArray();
        var cursors = roots.ToArray();
        var active = Enumerable.Range(0, roots.Count).ToList();
        int requests = 0;
        while (active.Count > 0)
        {
            if (target.Version == SnmpVersion.V1 || peer.BulkUnsupported || !options.UseBulk)
            {
                foreach (int i in active)
                {
                    var single = await WalkFromAsync(target, roots[i], cursors[i], rows[i], options, cancellationToken).ConfigureAwait(false);
                    if (!single.IsSuccess)
                    {
                        return single.Error!;
                    }

                    requests += single.Value;
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

                rows[i].Add(vb);
                cursors[i] = vb.Oid;
                if (rows[i].Count >= options.MaxRows)
                {
                    finished.Add(i);
                }
            }

            active.RemoveAll(finished.Contains);
        }

        return SnmpResult<MultiWalkResult>.Success(new MultiWalkResult([.. rows.Select(r => r.ToImmutable())], requests));
    }

    /// <summary>Continues one subtree from a cursor with GETNEXT/GETBULK (the per-subtree fallback of <see cref="WalkManyAsync"/>).</summary>
    private async Task<SnmpResult<int>> WalkFromAsync(
        SnmpTarget target, Oid root, Oid cursor, ImmutableArray<VarBind>.Builder rows, WalkOptions options, CancellationToken cancellationToken)
    {
        // Rows up to the cursor were read already; the subtree is walked again and only what lies beyond is kept.
        var rest = await WalkAsync(target, root, options with { GetRootWhenEmpty = false }, cancellationToken).ConfigureAwait(false);
        if (!rest.IsSuccess)
        {
            return rest.Error!;
        }

        foreach (var vb in rest.Value.Rows)
        {
            if (vb.Oid > cursor)
            {
                rows.Add(vb);
            }
        }

        return SnmpResult<int>.Success(rest.Value.Requests);
    }
}
