using Spectre.Console;
using Vane.Loading.Hub;

namespace Vane.Cli.Commands;

/// <summary>Turns a --model value into a local folder, downloading from the hub with a progress bar.</summary>
public static class ModelResolution
{
    /// <summary>
    /// A local folder is used as is; anything else is a hub id org/name[@revision], resolved
    /// through the Hugging Face cache (HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE).
    /// </summary>
    public static string Resolve(string spec)
    {
        if (Directory.Exists(spec))
            return spec;
        if (File.Exists(spec))
            return spec; // a .gguf file; ModelLoader says what is wrong with any other file
        if (spec.StartsWith('.') || spec.StartsWith('/') || spec.Count(c => c == '/') != 1)
            throw new IOException($"{spec}: model folder not found (nor a hub id of the form org/name[@revision])");

        using var resolver = new ModelResolver(HubOptions.FromEnvironment());
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoClear(false).Start(ctx =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            var progress = new SynchronousProgress(p =>
            {
                if (!tasks.TryGetValue(p.FileName, out var task))
                    tasks[p.FileName] = task = ctx.AddTask(Markup.Escape(p.FileName));
                task.MaxValue = p.TotalBytes ?? Math.Max(p.BytesDone, 1);
                task.Value = p.BytesDone;
            });
            return resolver.ResolveAsync(spec, progress, CancellationToken.None).GetAwaiter().GetResult();
        });
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
