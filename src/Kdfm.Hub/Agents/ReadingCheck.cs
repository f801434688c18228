using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kdfm.Agent;
using Kdfm.Hub.Security;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Whether one uploaded reading can be stored, judged on the reading alone (pure: the hub's time and limits come in).
/// The batch-level rules (positive, distinct sequences) are the ingest's. Costs one UTF-8 count and one forward-only
/// pass over the JSON per reading (<see cref="SnapshotHeader"/>).
/// </summary>
public static class ReadingCheck
{
    /// <summary>
    /// Device keys are indexed, and PostgreSQL indexes at most 2,704 bytes per entry: a key from a printer with a
    /// 4 KB serial would fail the whole batch's transaction there, so such a reading is refused on its own.
    /// </summary>
    public const int MaxDeviceKeyBytes = 1024;

    /// <summary>How far ahead of the hub's clock a <c>collectedAt</c> may be (clocks drift; a reading from the future is refused).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static ReadingVerdict Check(Kdfm.Agent.V1.Reading reading, int maxSnapshotKilobytes, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(reading.DeviceKey))
        {
            return new ReadingVerdict.Refused(RefusalCodes.Malformed, "device_key is empty");
        }

        int keyBytes = Encoding.UTF8.GetByteCount(reading.DeviceKey);
        if (keyBytes > MaxDeviceKeyBytes)
        {
            return new ReadingVerdict.Refused(RefusalCodes.TooLarge,
                $"the device key {UntrustedText.Shown(reading.DeviceKey)} is {Num(keyBytes)} bytes; the hub takes at most {Num(MaxDeviceKeyBytes)}");
        }

        // UTF-8 never takes fewer bytes than UTF-16 code units: a string longer than the cap is over it without counting.
        long maxBytes = maxSnapshotKilobytes * 1024L;
        string json = reading.SnapshotJson;
        int bytes = json.Length > maxBytes ? json.Length : Encoding.UTF8.GetByteCount(json);
        if (bytes > maxBytes)
        {
            return new ReadingVerdict.Refused(RefusalCodes.TooLarge,
                $"snapshot_json is {(json.Length > maxBytes ? "over " : "")}{Num(bytes)} bytes; the hub stores at most {Num(maxBytes)} (Hub:MaxReadingKilobytes = {Num(maxSnapshotKilobytes)})");
        }

        SnapshotHeader header;
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            int written = Encoding.UTF8.GetBytes(json, utf8);
            header = SnapshotHeader.Read(utf8.AsSpan(0, written));
        }
        catch (SnapshotHeaderException e)
        {
            return new ReadingVerdict.Refused(RefusalCodes.Malformed, $"snapshot_json: {e.Message}");
        }
        catch (JsonException e)
        {
            return new ReadingVerdict.Refused(RefusalCodes.Malformed, $"snapshot_json is not a JSON object: {UntrustedText.Shown(e.Message, 160)}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }

        if (header.Key is null)
        {
            return new ReadingVerdict.Refused(RefusalCodes.Malformed, "the snapshot has no key (a string)");
        }

        if (!string.Equals(header.Key, reading.DeviceKey, StringComparison.Ordinal))
        {
            return new ReadingVerdict.Refused(RefusalCodes.KeyMismatch, $"device_key {UntrustedText.Shown(reading.DeviceKey)} is not the snapshot's key {UntrustedText.Shown(header.Key)}");
        }

        if (header.Tenant is not null)
        {
            return new ReadingVerdict.Refused(RefusalCodes.WrongTenant,
                $"the snapshot names tenant {UntrustedText.Shown(header.Tenant)}: a device's tenant is its agent's, and the hub adds it");
        }

        var collectedAt = header.CollectedAt ?? now;
        if (collectedAt - now > FutureTolerance)
        {
            return new ReadingVerdict.Refused(RefusalCodes.Future,
                $"collectedAt {collectedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} is {(collectedAt - now).TotalMinutes:F0} min ahead of the hub's clock ({now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}); at most {FutureTolerance.TotalMinutes:F0} min are taken");
        }

        return new ReadingVerdict.Accepted(header.Address, collectedAt, bytes);
    }

    private static string Num(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
