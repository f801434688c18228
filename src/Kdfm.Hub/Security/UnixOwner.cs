using System.Runtime.InteropServices;

namespace Kdfm.Hub.Security;

/// <summary>Who owns a file, and who the hub runs as (Linux: .NET has no API for a file's owner).</summary>
internal static class UnixOwner
{
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x8;

    // struct statx (linux/stat.h) has the same layout on every architecture: 256 bytes, stx_uid a __u32 at offset 20.
    private const int StatxSize = 256;
    private const int UidOffset = 20;

    /// <summary>The effective user id of this process.</summary>
    public static uint Effective => geteuid();

    /// <summary>The owner's user id of <paramref name="path"/> (symbolic links followed).</summary>
    public static uint Of(string path)
    {
        byte[] buffer = new byte[StatxSize];
        if (statx(AtFdCwd, path, 0, StatxUid, buffer) != 0)
        {
            throw new IOException($"{path}: cannot read its owner (statx: errno {Marshal.GetLastPInvokeError()})");
        }

        return BitConverter.ToUInt32(buffer, UidOffset);
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
}
