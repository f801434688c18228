using System.Net;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Discovery;

/// <summary>What one address turned out to be.</summary>
public enum ProbeOutcome
{
    Silent,
    NotAPrinter,
    Printer,
}

/// <summary>The result of probing one address.</summary>
public sealed record ProbeResult(IPEndPoint EndPoint, ProbeOutcome Outcome, CredentialProfile? Profile, Oid? SysObjectId);

/// <summary>
/// Probes one address: each credential profile in turn until one answers (a GET of sysObjectID), then one GETNEXT
/// tells a printer (Printer MIB present, or an hrDeviceType of printer) from anything else that speaks SNMP.
/// </summary>
public static class Prober
{
    private static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");
    private static readonly Oid PrinterMib = Oid.Parse("1.3.6.1.2.1.43");
    private static readonly Oid HrDeviceType = Oid.Parse("1.3.6.1.2.1.25.3.2.1.2");
    private static readonly Oid HrDevicePrinter = Oid.Parse("1.3.6.1.2.1.25.3.1.5");

    public static async Task<ProbeResult> ProbeAsync(SnmpClient client, IPEndPoint endPoint, CollectorSettings settings, ProbeBudget budget, CancellationToken cancellationToken)
    {
        using var slot = await budget.EnterAsync(cancellationToken).ConfigureAwait(false);
        foreach (var profile in settings.Profiles)
        {
            var target = profile.Target(endPoint, settings);
            await budget.PaceAsync(cancellationToken).ConfigureAwait(false);
            var answer = await client.GetAsync(target, [SysObjectId], cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess && answer.Error is not ErrorStatusError)
            {
                continue; // silent, or these credentials are refused: the next profile
            }

            Oid? id = answer.IsSuccess && answer.Value.VarBinds[0].Value is { Type: SnmpType.ObjectIdentifier } v ? v.AsOid() : null;
            await budget.PaceAsync(cancellationToken).ConfigureAwait(false);
            var next = await client.RequestAsync(target, Pdu.GetNext(0, PrinterMib, HrDeviceType), cancellationToken).ConfigureAwait(false);
            bool printer = next.IsSuccess && next.Value.ErrorStatus == ErrorStatus.NoError && next.Value.VarBinds.Length == 2 &&
                (PrinterMib.IsAncestorOf(next.Value.VarBinds[0].Oid) ||
                 (HrDeviceType.IsAncestorOf(next.Value.VarBinds[1].Oid) && next.Value.VarBinds[1].Value is { Type: SnmpType.ObjectIdentifier } type && type.AsOid() == HrDevicePrinter));
            return new ProbeResult(endPoint, printer ? ProbeOutcome.Printer : ProbeOutcome.NotAPrinter, profile, id);
        }

        return new ProbeResult(endPoint, ProbeOutcome.Silent, null, null);
    }
}
