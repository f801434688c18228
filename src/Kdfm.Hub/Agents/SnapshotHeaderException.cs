using System.Text.Json;

namespace Kdfm.Hub.Agents;

/// <summary>
/// A snapshot that is JSON but not one the hub can store (a string that does not unescape, a top-level field twice, a
/// time that is not one); <see cref="SnapshotHeader.Read(ReadOnlySpan{byte})"/>'s only exception besides the reader's own
/// <see cref="JsonException"/>, whose kind it is.
/// </summary>
public sealed class SnapshotHeaderException(string message) : JsonException(message);
