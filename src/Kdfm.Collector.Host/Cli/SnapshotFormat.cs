namespace Kdfm.Collector.Host.Cli;

/// <summary>How <c>snapshot</c> prints: a table for a technician, or SNAPSHOT.md's JSON.</summary>
internal enum SnapshotFormat
{
    Table,
    Json,
}
