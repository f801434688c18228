namespace Kdfm.Hub.Security;

/// <summary>An existing directory the hub will not take as its data directory (narrowing it to owner-only would harm others).</summary>
public sealed class DataDirectoryRefusedException(string message) : IOException(message);
