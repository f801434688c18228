using Kdfm.Snmp;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;

namespace Kdfm.Simulator.Agent;

/// <summary>
/// Answers GET, GETNEXT and GETBULK from a <see cref="MibView"/> (RFC 3416 §4.2.1–4.2.3; RFC 1157 §4.1 for v1),
/// within a byte budget for the varbinds.
/// </summary>
internal static class PduProcessor
{
    /// <summary>Fills <paramref name="plan"/> and returns the error-status and error-index of the response.</summary>
    public static (ErrorStatus Status, int Index) Plan(MibView view, Pdu request, bool v1, int budget, List<PlanEntry> plan)
    {
        plan.Clear();
        int used = 0;
        switch (request.Type)
        {
            case PduType.GetRequest:
                for (int i = 0; i < request.VarBinds.Length; i++)
                {
                    var oid = request.VarBinds[i].Oid;
                    int row = view.Find(oid);
                    if (row < 0 && v1)
                    {
                        return Echo(request, plan, ErrorStatus.NoSuchName, i + 1);
                    }

                    var entry = row >= 0 ? PlanEntry.FromRow(row)
                        : PlanEntry.Literal(oid, view.HasSubtree(Parent(oid)) ? SnmpValue.NoSuchInstance : SnmpValue.NoSuchObject);
                    if (!Add(view, plan, entry, budget, ref used))
                    {
                        return TooBig(request, plan, v1);
                    }
                }

                return (ErrorStatus.NoError, 0);

            case PduType.GetNextRequest:
                for (int i = 0; i < request.VarBinds.Length; i++)
                {
                    int row = view.Next(request.VarBinds[i].Oid);
                    if (row < 0 && v1)
                    {
                        return Echo(request, plan, ErrorStatus.NoSuchName, i + 1);
                    }

                    var entry = row >= 0 ? PlanEntry.FromRow(row) : PlanEntry.Literal(request.VarBinds[i].Oid, SnmpValue.EndOfMibView);
                    if (!Add(view, plan, entry, budget, ref used))
                    {
                        return TooBig(request, plan, v1);
                    }
                }

                return (ErrorStatus.NoError, 0);

            case PduType.GetBulkRequest when !v1:
                return Bulk(view, request, budget, plan);

            default:
                // SET and anything else: a read-only printer (RFC 3416 §4.2.5 would say notWritable; v1 says readOnly/noSuchName).
                return Echo(request, plan, v1 ? ErrorStatus.NoSuchName : ErrorStatus.NotWritable, request.VarBinds.IsEmpty ? 0 : 1);
        }
    }

    /// <summary>RFC 3416 §4.2.3, stopping early when every repeater is at the end of the view or the budget is spent.</summary>
    private static (ErrorStatus, int) Bulk(MibView view, Pdu request, int budget, List<PlanEntry> plan)
    {
        int count = request.VarBinds.Length;
        int nonRepeaters = Math.Clamp(request.NonRepeaters, 0, count);
        int maxRepetitions = Math.Max(request.MaxRepetitions, 0);
        int used = 0;
        for (int i = 0; i < nonRepeaters; i++)
        {
            int row = view.Next(request.VarBinds[i].Oid);
            var entry = row >= 0 ? PlanEntry.FromRow(row) : PlanEntry.Literal(request.VarBinds[i].Oid, SnmpValue.EndOfMibView);
            if (!Add(view, plan, entry, budget, ref used))
            {
                return TooBig(request, plan, false);
            }
        }

        int repeaters = count - nonRepeaters;
        if (repeaters == 0 || maxRepetitions == 0)
        {
            return (ErrorStatus.NoError, 0);
        }

        Span<int> cursor = repeaters <= 64 ? stackalloc int[repeaters] : new int[repeaters];
        for (int j = 0; j < repeaters; j++)
        {
            cursor[j] = view.Next(request.VarBinds[nonRepeaters + j].Oid);
        }

        for (int r = 0; r < maxRepetitions; r++)
        {
            bool allEnded = true;
            for (int j = 0; j < repeaters; j++)
            {
                int row = cursor[j];
                var entry = row >= 0 ? PlanEntry.FromRow(row)
                    : PlanEntry.Literal(r == 0 ? request.VarBinds[nonRepeaters + j].Oid : LastOid(view, plan, repeaters), SnmpValue.EndOfMibView);
                if (!Add(view, plan, entry, budget, ref used))
                {
                    // The reply holds as many whole repetitions as fit (RFC 3416 §4.2.3); only an empty one is tooBig.
                    plan.RemoveRange(plan.Count - j, j);
                    return plan.Count == 0 ? TooBig(request, plan, false) : (ErrorStatus.NoError, 0);
                }

                if (row >= 0)
                {
                    allEnded = false;
                    cursor[j] = row + 1 < view.Count ? row + 1 : -1;
                }
            }

            if (allEnded)
            {
                break;
            }
        }

        return (ErrorStatus.NoError, 0);
    }

    private static Oid LastOid(MibView view, List<PlanEntry> plan, int repeaters)
    {
        var previous = plan[plan.Count - repeaters];
        return previous.IsRow ? view.OidAt(previous.Row) : previous.Oid;
    }

    private static bool Add(MibView view, List<PlanEntry> plan, PlanEntry entry, int budget, ref int used)
    {
        used += entry.IsRow ? view.EncodedAt(entry.Row).Length : LiteralSize(entry);
        if (used > budget)
        {
            return false;
        }

        plan.Add(entry);
        return true;
    }

    private static int LiteralSize(PlanEntry entry)
    {
        var writer = new BerWriter(64);
        WriteLiteral(writer, entry);
        return writer.Length;
    }

    public static void WriteLiteral(BerWriter writer, PlanEntry entry)
    {
        int seq = writer.Begin(BerTag.Sequence);
        writer.WriteOid(entry.Oid);
        entry.Value.Encode(writer);
        writer.End(seq);
    }

    private static (ErrorStatus, int) Echo(Pdu request, List<PlanEntry> plan, ErrorStatus status, int index)
    {
        plan.Clear();
        foreach (var vb in request.VarBinds)
        {
            plan.Add(PlanEntry.Literal(vb.Oid, vb.Value));
        }

        return (status, index);
    }

    private static (ErrorStatus, int) TooBig(Pdu request, List<PlanEntry> plan, bool v1)
    {
        // RFC 3416 §4.2.1: tooBig with an empty varbind list; RFC 1157 §4.1.2: v1 echoes the request's bindings.
        plan.Clear();
        return v1 ? Echo(request, plan, ErrorStatus.TooBig, 0) : (ErrorStatus.TooBig, 0);
    }

    private static Oid Parent(Oid oid) => oid.Length > 2 ? Oid.FromArcs(oid.Arcs[..^1]) : oid;
}
