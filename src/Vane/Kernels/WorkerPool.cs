using System.Diagnostics;

namespace Vane.Kernels;

/// <summary>A piece of kernel work split into numbered chunks that may run on any thread.</summary>
internal abstract class PoolJob
{
    /// <summary>Runs chunk <paramref name="chunk"/>; must not throw (inputs are validated before).</summary>
    public abstract void RunChunk(int chunk);
}

/// <summary>
/// A small persistent pool for kernels that are called hundreds of times per token.
/// Parallel.For costs a delegate, a closure and a few microseconds per call; here the
/// workers spin for a short while after each job, so the next call finds them awake.
/// The calling thread takes chunks too. One job runs at a time: a caller that finds the
/// pool busy (another thread's kernel) runs its chunks alone instead of waiting.
/// </summary>
internal sealed class WorkerPool
{
    /// <summary>The process-wide pool, one worker per core besides the caller's.</summary>
    public static readonly WorkerPool Shared = new(Environment.ProcessorCount - 1);

    // Low 32 bits of _state: the next unclaimed chunk, or NotReady while a job is being set up.
    // High 32 bits: the job's generation. Claiming is a compare-exchange on the whole value, so a
    // worker that looked at an old generation can never claim a chunk of the next one.
    const long NotReady = int.MaxValue;
    static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 microseconds

    readonly object _gate = new();   // held by the caller that owns the current job
    readonly object _sleep = new();  // workers block on this when idle
    long _state = NotReady;
    PoolJob? _job;
    int _chunks;
    int _done;
    int _sleepers;

    WorkerPool(int workers)
    {
        Workers = Math.Max(0, workers);
        for (int i = 0; i < Workers; i++)
        {
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"Vane kernel {i}" };
            thread.Start();
        }
    }

    /// <summary>Worker threads besides the caller.</summary>
    public int Workers { get; }

    /// <summary>Runs chunks [0, <paramref name="chunks"/>) of <paramref name="job"/>, then returns.</summary>
    public void Run(PoolJob job, int chunks)
    {
        if (chunks <= 1 || Workers == 0 || !Monitor.TryEnter(_gate))
        {
            for (int c = 0; c < chunks; c++)
                job.RunChunk(c);
            return;
        }
        try
        {
            long generation = (Volatile.Read(ref _state) >> 32) + 1;
            Volatile.Write(ref _state, (generation << 32) | NotReady);
            _job = job;
            _chunks = chunks;
            _done = 0;
            Interlocked.Exchange(ref _state, generation << 32);
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (_sleep)
                    Monitor.PulseAll(_sleep);
            }

            Work(generation);
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) < chunks)
                spin.SpinOnce(-1);
            _job = null;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Claims and runs chunks of <paramref name="generation"/> until none is left.</summary>
    void Work(long generation)
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            int next = (int)state;
            if (state >> 32 != generation || next == NotReady)
                return;
            PoolJob? job = _job;
            if (job is null || next >= _chunks)
                return;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
                continue;
            job.RunChunk(next);
            Interlocked.Increment(ref _done);
        }
    }

    void WorkerLoop()
    {
        long seen = Volatile.Read(ref _state) >> 32;
        while (true)
        {
            long generation = WaitForJob(seen);
            Work(generation);
            seen = generation;
        }
    }

    /// <summary>Spins briefly, then sleeps, until a generation newer than <paramref name="seen"/> is ready.</summary>
    long WaitForJob(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        int spins = 0;
        while (true)
        {
            if (TryNewJob(seen, out long generation))
                return generation;
            if (++spins % 64 == 0 && Stopwatch.GetTimestamp() > deadline)
                break;
            Thread.SpinWait(8);
        }

        // Announce the sleeper before checking again, so a job published now is seen or pulsed.
        Interlocked.Increment(ref _sleepers);
        try
        {
            lock (_sleep)
            {
                long generation;
                while (!TryNewJob(seen, out generation))
                    Monitor.Wait(_sleep);
                return generation;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _sleepers);
        }
    }

    bool TryNewJob(long seen, out long generation)
    {
        long state = Volatile.Read(ref _state);
        generation = state >> 32;
        return generation != seen && (int)state != NotReady;
    }
}
