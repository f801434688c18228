namespace Kdfm.Hub.Api;

/// <summary>A snapshot as the hub keeps it: the device it belongs to (tenant, key), its reading, and the JSON the agent sent.</summary>
public sealed record StoredSnapshot(string Tenant, string Key, long ReadingId, string Json);
