namespace Kdfm.Hub.Security;

/// <summary>
/// The data directory and the database as only the hub's own account may read them: the directory 0700, the SQLite file
/// 0600. SQLite gives its -wal and -shm files the database file's permissions, so a database created 0600 stays private.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the directory owner-only, or narrows an existing one of ours to owner-only. A directory of another user, or
    /// a shared one (the sticky bit: /tmp), is refused (<see cref="DataDirectoryRefusedException"/>): narrowing it would take
    /// it from everyone else (run as root, <c>--data /tmp</c> would break /tmp).
    /// </summary>
    public static void PrepareDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.StickyBit) != 0)
        {
            throw new DataDirectoryRefusedException(
                $"a shared directory (sticky bit, as /tmp): the hub makes its data directory owner-only (0700); give it one of its own, such as {Path.Combine(path, "kdfm-hub")}");
        }

        // The owner is read with Linux's statx (the hub's platform); elsewhere only the sticky bit is checked.
        uint owner = OperatingSystem.IsLinux() ? UnixOwner.Of(path) : 0, self = OperatingSystem.IsLinux() ? UnixOwner.Effective : 0;
        if (owner != self)
        {
            throw new DataDirectoryRefusedException(
                $"belongs to another user (uid {owner}; the hub runs as uid {self}): the hub makes its data directory owner-only (0700); give it one of its own");
        }

        if (mode != DirectoryMode)
        {
            File.SetUnixFileMode(path, DirectoryMode);
        }
    }

    /// <summary>
    /// A SQLite database file created empty and owner-only before SQLite opens it (SQLite takes an empty file as an empty
    /// database), or an existing one and its -wal and -shm files narrowed to owner-only.
    /// </summary>
    public static void PrepareSqliteFile(string path)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(path) || path == ":memory:")
        {
            return;
        }

        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        }

        foreach (string file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != FileMode)
            {
                File.SetUnixFileMode(file, FileMode);
            }
        }
    }
}
