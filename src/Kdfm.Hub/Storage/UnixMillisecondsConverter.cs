namespace Kdfm.Hub.Storage;

/// <summary>A time as UTC milliseconds since 1970: orders and compares in SQL, and raw SQL (the ingest) writes the same.</summary>
public sealed class UnixMillisecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    t => t.ToUnixTimeMilliseconds(), ms => DateTimeOffset.FromUnixTimeMilliseconds(ms))
{
    public static long ToStore(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
