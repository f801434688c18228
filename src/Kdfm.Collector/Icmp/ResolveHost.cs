using System.Net;

namespace Kdfm.Collector.Icmp;

/// <summary>A host name's addresses (the system's resolver: <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public delegate Task<IPAddress[]> ResolveHost(string hostName, CancellationToken cancellationToken);
