using System.Collections.Immutable;
using System.Globalization;
using System.Net;

namespace Kdfm.Collector.Icmp;

/// <summary>
/// A ping run that went out: the target as asked, the address pinged, each probe, and the payload actually sent (the
/// ping utility sends only its default: <see cref="SystemEcho.UtilityPayloadBytes"/>).
/// </summary>
public sealed record PingReport(string Target, IPAddress Address, ImmutableArray<EchoProbe> Probes, int RequestedSize, int SentSize) : PingOutcome(Target)
{
    public int Sent => Probes.Length;

    public int Received => Probes.Count(p => p.Replied);

    /// <summary>Lost probes in whole percent.</summary>
    public int LossPercent => Sent == 0 ? 0 : (int)Math.Round((Sent - Received) * 100.0 / Sent, MidpointRounding.AwayFromZero);

    /// <summary>
    /// As ping's summary says it: <c>4 sent, 4 received, 0% loss, rtt min/avg/max 0.05/0.07/0.10 ms</c>, then the address a
    /// host name resolved to and a payload other than the one asked for.
    /// </summary>
    public string Summary()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Sent} sent, {Received} received, {LossPercent}% loss");
        var replied = Probes.Where(p => p.Replied).Select(p => p.RttMs).ToList();
        if (replied.Count > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", rtt min/avg/max {replied.Min():F2}/{replied.Average():F2}/{replied.Max():F2} ms");
        }

        if (!IPAddress.TryParse(Target, out _))
        {
            text += $"; {Target} is {Address}";
        }

        if (SentSize != RequestedSize)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"; {SentSize}-byte payload instead of {RequestedSize}: the ping utility sends no other without CAP_NET_RAW");
        }

        return text;
    }
}
