namespace Kdfm.Hub.Security;

/// <summary>Files only the owner may read (secrets on disk): made 0600, or narrowed to it when they existed looser.</summary>
public static class OwnerOnly
{
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(stream.SafeFileHandle) != OwnerOnlyFiles.FileMode)
        {
            // An existing file keeps its mode when it is rewritten: narrowed before the secret goes in.
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnlyFiles.FileMode);
        }

        stream.Write(bytes);
    }

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
}
