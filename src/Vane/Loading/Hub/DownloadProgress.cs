namespace Vane.Loading.Hub;

/// <summary>
/// How far the download of one file has come, reported through <see cref="IProgress{T}"/>
/// at the start, every few hundred KiB, and once when the file is complete.
/// </summary>
/// <param name="FileName">
/// The file's path inside the repo, e.g. <c>model-00001-of-00002.safetensors</c>.
/// </param>
/// <param name="BytesDone">Bytes on disk so far, including a resumed part.</param>
/// <param name="TotalBytes">The file's full size in bytes, or null when the hub did not say.</param>
public readonly record struct DownloadProgress(string FileName, long BytesDone, long? TotalBytes);
