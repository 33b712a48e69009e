namespace Vane.Loading.Hub;

/// <summary>
/// An exclusive lock on <c>.locks/models--org--name/{etag}.lock</c>, held while one blob is
/// downloaded so that two processes never write the same <c>.incomplete</c> file. On Unix an
/// exclusive .NET open takes the same flock that Python's filelock takes, so Vane and
/// huggingface_hub also wait for each other.
/// </summary>
internal sealed class BlobLock : IDisposable
{
    static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    readonly FileStream _stream;

    BlobLock(FileStream stream) => _stream = stream;

    /// <summary>Waits until the lock at <paramref name="path"/> is free, then takes it.</summary>
    public static async Task<BlobLock> AcquireAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new BlobLock(stream);
            }
            catch (IOException)
            {
                await Task.Delay(RetryDelay, ct); // held by another download of the same blob
            }
        }
    }

    /// <summary>Releases the lock; the lock file stays, as huggingface_hub leaves it.</summary>
    public void Dispose() => _stream.Dispose();
}
