using System.Runtime.InteropServices;

namespace Vane.Tensors;

/// <summary>
/// Native memory for a large weight copy that is read in full every decode step: aligned to
/// 2 MiB and, on Linux, advised to be backed by transparent huge pages (madvise MADV_HUGEPAGE),
/// which the kernel grants to such memory when THP is set to "madvise" (a common default).
/// </summary>
/// <remarks>
/// Streaming a weight matrix through 4 KiB pages costs a TLB miss every 4 KiB (two levels of
/// page walks under a hypervisor), and the hardware prefetchers stop at every 4 KiB boundary.
/// Measured on the Qwen2.5-0.5B shape (bench/Vane.Bench decode-profile): the sparse kernels over
/// GC-allocated copies ran at 60-90% of the dense kernels' bytes per second over the
/// memory-mapped model, whose page cache the kernel holds in large folios. Where the advice is
/// refused (another OS, THP off) the memory is ordinary and only slower. Setting the environment
/// variable VANE_NO_HUGE_PAGES skips the advice, to measure what it is worth.
/// The memory is freed by <see cref="Dispose"/> or, failing that, the finalizer; the owner must
/// keep the buffer reachable while a kernel reads through <see cref="Pointer"/>.
/// </remarks>
public sealed unsafe class HugePageBuffer : IDisposable
{
    const nuint Alignment = 2 << 20;
    const int MadvHugePage = 14; // Linux <sys/mman.h>

    byte* _pointer;
    readonly nuint _allocated; // Length rounded up to the alignment

    /// <summary>Bytes the buffer holds.</summary>
    public long Length { get; }

    /// <summary>Whether the kernel accepted the huge-page advice (false on other systems).</summary>
    public bool Advised { get; }

    /// <summary>Start of the memory; aligned to 2 MiB.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public byte* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(HugePageBuffer));

    /// <summary>The memory as a span.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<byte> Span => new(Pointer, checked((int)Length));

    /// <summary>Allocates <paramref name="length"/> bytes, uninitialised.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or over 2 GiB.</exception>
    /// <exception cref="OutOfMemoryException">The system cannot provide the memory.</exception>
    public HugePageBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue);
        Length = length;
        nuint rounded = _allocated = ((nuint)Math.Max(length, 1) + Alignment - 1) & ~(Alignment - 1);
        _pointer = (byte*)NativeMemory.AlignedAlloc(rounded, Alignment);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                Advised = Environment.GetEnvironmentVariable("VANE_NO_HUGE_PAGES") is null
                    && madvise(_pointer, rounded, MadvHugePage) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                Advised = false;
            }
        }
        GC.AddMemoryPressure((long)rounded);
    }

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the memory if the owner did not.</summary>
    ~HugePageBuffer() => Free();

    void Free()
    {
        byte* p = _pointer;
        if (p == null)
            return;
        _pointer = null;
        NativeMemory.AlignedFree(p);
        GC.RemoveMemoryPressure((long)_allocated);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int madvise(void* address, nuint length, int advice);
}
