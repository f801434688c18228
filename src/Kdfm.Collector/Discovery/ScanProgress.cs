namespace Kdfm.Collector.Discovery;

/// <summary>Where a scan is: addresses probed of all, printers found and read.</summary>
public sealed record ScanProgress(int Probed, int Total, int Found, int Read, TimeSpan Elapsed);
