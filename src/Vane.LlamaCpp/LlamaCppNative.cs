using LLama.Native;

namespace Vane.LlamaCpp;

/// <summary>One-time set-up of the native llama.cpp library.</summary>
internal static class LlamaCppNative
{
    static int _configured;

    /// <summary>Silences llama.cpp's own logging (it writes to stderr), except errors.</summary>
    public static void Quiet()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
            return;
        try
        {
            NativeLibraryConfig.All.WithLogCallback((level, message) =>
            {
                if (level == LLamaLogLevel.Error)
                    Console.Error.Write($"llama.cpp: {message}");
            });
        }
        catch (InvalidOperationException)
        {
            // the library was loaded before this call: its logging stays as it was
        }
    }
}
