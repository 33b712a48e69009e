using Vane.Hooks;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>
/// Runs calibration tokens through a model in windows. Shared by <see cref="Calibrator"/> and
/// <see cref="PlanRefiner"/> so that the refinement sees the same rows at the same positions
/// as the calibration it corrects.
/// </summary>
internal static class CalibrationPasses
{
    /// <summary>
    /// Cuts <paramref name="tokens"/> into windows of <see cref="CalibrationOptions.Window"/>
    /// tokens (capped at the model's context), runs <see cref="CalibrationOptions.WindowsPerPass"/>
    /// of them per forward pass with <paramref name="hooks"/>, and reports (tokens done, total).
    /// </summary>
    public static void Run(
        TransformerModel model,
        int[] tokens,
        CalibrationOptions options,
        HookSet hooks,
        Action<long, long>? progress = null)
    {
        int window = Math.Min(options.Window, model.Config.MaxPositions);
        var pass = new ForwardPass(model);
        var cache = new KvCache(model.Config);
        int done = 0;
        while (done < tokens.Length)
        {
            var windows = new List<int[]>();
            for (int i = 0; i < options.WindowsPerPass && done < tokens.Length; i++)
            {
                int n = Math.Min(window, tokens.Length - done);
                windows.Add(tokens.AsSpan(done, n).ToArray());
                done += n;
            }
            for (int s = 0; s < windows.Count; s++)
                cache.Truncate(s, 0);
            var ids = Enumerable.Range(0, windows.Count).ToArray();
            pass.Run(TokenBatch.Append(windows, ids, new int[windows.Count]), cache, hooks);
            progress?.Invoke(done, tokens.Length);
        }
    }
}
