using Vane.Tensors;

namespace Vane.Tests.Tensors;

public unsafe class HugePageBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3 << 20)]
    public void Memory_is_aligned_writable_and_freed_once(int length)
    {
        var buffer = new HugePageBuffer(length);
        Assert.Equal(length, buffer.Length);
        Assert.Equal(0L, (long)buffer.Pointer % (2 << 20));
        var span = buffer.Span;
        Assert.Equal(length, span.Length);
        for (int i = 0; i < span.Length; i += 4096)
            span[i] = (byte)(i / 4096);
        if (length > 4096)
            Assert.Equal(1, span[4096]);
        buffer.Dispose();
        buffer.Dispose(); // a second dispose does nothing
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
    }

    [Fact]
    public void Negative_or_oversized_lengths_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HugePageBuffer(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HugePageBuffer(1L << 32));
    }
}
