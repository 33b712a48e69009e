namespace Vane.Tests.Kernels;

/// <summary>Measures what a hot-path call allocates once it has warmed up.</summary>
public static class Allocations
{
    /// <summary>
    /// Bytes allocated on this thread by the quietest of <paramref name="rounds"/> rounds of ten calls.
    /// A round may allocate per-thread state once: when the worker pool is busy with another test,
    /// the calling thread computes every chunk itself and creates its own scratch the first time.
    /// Steady state means a later round allocates nothing.
    /// </summary>
    public static long SteadyState(Action call, int rounds = 5)
    {
        long best = long.MaxValue;
        for (int r = 0; r < rounds && best > 0; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
                call();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best;
    }
}
