using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>
/// How a kernel reads stored weight elements as F32, in registers. Kernels are generic over
/// these structs so the JIT compiles one specialised loop per dtype.
/// </summary>
internal unsafe interface IRowFormat
{
    /// <summary>Bytes per stored element.</summary>
    static abstract int Size { get; }

    /// <summary>The stored dtype this format reads.</summary>
    static abstract DType DType { get; }

    /// <summary>Elements [i, i + 16) of <paramref name="row"/>.</summary>
    static abstract Vector512<float> Load512(byte* row, nint i);

    /// <summary>Elements [i, i + 8) of <paramref name="row"/>.</summary>
    static abstract Vector256<float> Load256(byte* row, nint i);

    /// <summary>Element i of <paramref name="row"/>.</summary>
    static abstract float Load1(byte* row, nint i);
}

/// <summary>IEEE binary32 elements: loads as they are.</summary>
internal unsafe struct F32Format : IRowFormat
{
    public static int Size => 4;

    public static DType DType => DType.F32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(byte* row, nint i) => Vector512.Load((float*)row + i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(byte* row, nint i) => Vector256.Load((float*)row + i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load1(byte* row, nint i) => ((float*)row)[i];
}

/// <summary>bfloat16 elements: zero-extend each to 32 bits and shift into the top half.</summary>
internal unsafe struct BF16Format : IRowFormat
{
    public static int Size => 2;

    public static DType DType => DType.BF16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(byte* row, nint i)
    {
        var bits = Vector256.Load((ushort*)row + i).ToVector512Unsafe();
        return Vector512.ShiftLeft(Vector512.WidenLower(bits), 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(byte* row, nint i)
    {
        var bits = Vector128.Load((ushort*)row + i).ToVector256Unsafe();
        return Vector256.ShiftLeft(Vector256.WidenLower(bits), 16).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load1(byte* row, nint i) =>
        BitConverter.UInt32BitsToSingle((uint)((ushort*)row)[i] << 16);
}

/// <summary>
/// IEEE binary16 elements, widened with integer operations: the exponent and mantissa are moved
/// into binary32 position and the value rescaled by 2^112 (which also makes subnormals exact);
/// infinities and NaNs get the all-ones binary32 exponent instead.
/// </summary>
internal unsafe struct F16Format : IRowFormat
{
    const float Rebias = 5.192296858534828e33f; // 2^(127 - 15)

    public static int Size => 2;

    public static DType DType => DType.F16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(byte* row, nint i)
    {
        var h = Vector512.WidenLower(Vector256.Load((ushort*)row + i).ToVector512Unsafe());
        var magnitude = h & Vector512.Create(0x7FFFu);
        var sign = Vector512.ShiftLeft(h & Vector512.Create(0x8000u), 16);
        var shifted = Vector512.ShiftLeft(magnitude, 13);
        var finite = (shifted.AsSingle() * Vector512.Create(Rebias)).AsUInt32();
        var special = Vector512.GreaterThanOrEqual(magnitude, Vector512.Create(0x7C00u));
        var bits = Vector512.ConditionalSelect(special, shifted | Vector512.Create(0x7F800000u), finite);
        return (bits | sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(byte* row, nint i)
    {
        var h = Vector256.WidenLower(Vector128.Load((ushort*)row + i).ToVector256Unsafe());
        var magnitude = h & Vector256.Create(0x7FFFu);
        var sign = Vector256.ShiftLeft(h & Vector256.Create(0x8000u), 16);
        var shifted = Vector256.ShiftLeft(magnitude, 13);
        var finite = (shifted.AsSingle() * Vector256.Create(Rebias)).AsUInt32();
        var special = Vector256.GreaterThanOrEqual(magnitude, Vector256.Create(0x7C00u));
        var bits = Vector256.ConditionalSelect(special, shifted | Vector256.Create(0x7F800000u), finite);
        return (bits | sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load1(byte* row, nint i) => (float)((Half*)row)[i];
}
