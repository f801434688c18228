namespace Kdfm.Collector.Host.Cli;

/// <summary>A command line that cannot be run: the message names the option and what it should be.</summary>
internal sealed class UsageException(string message) : Exception(message);
