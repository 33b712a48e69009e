using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them later).</summary>
public sealed class ProgressLog : IProgress<DownloadProgress>
{
    /// <summary>Every report, in order.</summary>
    public List<DownloadProgress> Reports { get; } = [];

    /// <inheritdoc />
    public void Report(DownloadProgress value)
    {
        lock (Reports)
            Reports.Add(value);
    }
}
