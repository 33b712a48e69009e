namespace Vane.Loading;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one:
/// the content goes to a temporary file beside it, which is then renamed over it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; a failure leaves the old file.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new IOException($"{path}: folder {dir} does not exist");
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
                write(fs);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Writes text to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, fs => { using var w = new StreamWriter(fs); w.Write(text); });
}
