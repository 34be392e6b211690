namespace SmartGov.Hub.Common;

/// <summary>Private key files the hub generates for itself (the platform key, the exchange center's key).</summary>
public static class KeyFiles
{
    /// <summary>
    /// Writes <paramref name="pem"/> to <paramref name="path"/> unless the file exists, readable by the owner only.
    /// CreateNew: two hub nodes starting at once must not overwrite each other's fresh key; the loser reads the winner's.
    /// </summary>
    public static void WriteIfAbsent(string path, string pem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(pem);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another node wrote it first; the caller reads theirs.
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
