namespace Vane.Loading;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one:
/// the content goes to a temporary file beside it, which is then renamed over it.
/// A symbolic link is followed (its target is replaced, the link stays); a path that
/// exists but is not a regular file (a device, a folder) is refused.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>; a failure leaves the old file.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = FinalTarget(path);
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw new IOException($"{path}: cannot write ({e.Message})", e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes text to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, fs => { using var w = new StreamWriter(fs); w.Write(text); });

    /// <summary>
    /// Throws unless <paramref name="path"/> could be written: its folder exists and it is no special file.
    /// </summary>
    public static void CheckWritable(string path) => FinalTarget(path);

    static string FinalTarget(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
            full = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        if (Directory.Exists(full))
            throw new IOException($"{path}: is a folder, expected a file path");
        if (IsKernelPath(full))
            throw new IOException($"{path}: is a device or kernel file, expected a regular file path");
        string dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new IOException($"{path}: folder {dir} does not exist");
        return full;
    }

    // .NET cannot tell a device from a regular file on Unix; these trees hold no regular files.
    static bool IsKernelPath(string full) =>
        !OperatingSystem.IsWindows()
        && (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal)
            || full.StartsWith("/sys/", StringComparison.Ordinal));

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
