namespace Kdfm.Collector.Host.Cli;

/// <summary>How get and walk print varbinds (<c>-o</c>).</summary>
internal enum OutputFormat
{
    /// <summary>As <c>snmpwalk -On</c> prints them.</summary>
    Text,
    /// <summary>snmpsim's recorded-walk lines, so a recording can be replayed.</summary>
    Snmprec,
    /// <summary>A JSON array of {oid, type, value}.</summary>
    Json,
}
