using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vane.Tensors;

/// <summary>Conversions between stored dtypes and F32.</summary>
public static class Convert
{
    /// <summary>Widens <paramref name="source"/> (elements of <paramref name="dtype"/>) to F32.</summary>
    /// <param name="dtype">Element type of <paramref name="source"/>.</param>
    /// <param name="source">Stored elements, little-endian [n * dtype.Size()].</param>
    /// <param name="destination">F32 values [>= n].</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="NotSupportedException"><paramref name="dtype"/> is not a known dtype.</exception>
    public static void ToSingle(DType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (dtype)
        {
            case DType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case DType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case DType.BF16:
                BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(source), destination);
                break;
            default:
                throw new NotSupportedException($"dtype {dtype}");
        }
    }

    /// <summary>Narrows F32 values to <paramref name="dtype"/>, rounding to nearest even.</summary>
    /// <param name="dtype">Element type to store.</param>
    /// <param name="source">F32 values [n].</param>
    /// <param name="destination">Stored elements, little-endian [>= n * dtype.Size()].</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="NotSupportedException"><paramref name="dtype"/> is not a known dtype.</exception>
    public static void FromSingle(DType dtype, ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (destination.Length < (long)source.Length * dtype.Size())
            throw new ArgumentException(
                $"destination has {destination.Length} bytes, expected {source.Length} x {dtype.Size()}",
                nameof(destination));
        switch (dtype)
        {
            case DType.F32:
                source.CopyTo(MemoryMarshal.Cast<byte, float>(destination));
                break;
            case DType.F16:
                SingleToHalf(source, MemoryMarshal.Cast<byte, Half>(destination));
                break;
            case DType.BF16:
                SingleToBFloat16(source, MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            default:
                throw new NotSupportedException($"dtype {dtype}");
        }
    }

    /// <summary>bfloat16 bits to F32: the 16 bits become the top half of the binary32.</summary>
    /// <param name="source">bfloat16 bit patterns [n].</param>
    /// <param name="destination">F32 values [>= n].</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the source.</exception>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(
                $"destination has {destination.Length} values, expected {source.Length}", nameof(destination));
        var bits = MemoryMarshal.Cast<float, uint>(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= source.Length - 32; i += 32)
            {
                var (lo, hi) = Vector512.Widen(Vector512.Create(source.Slice(i, 32)));
                Vector512.ShiftLeft(lo, 16).CopyTo(bits.Slice(i, 16));
                Vector512.ShiftLeft(hi, 16).CopyTo(bits.Slice(i + 16, 16));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - 16; i += 16)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(source.Slice(i, 16)));
                Vector256.ShiftLeft(lo, 16).CopyTo(bits.Slice(i, 8));
                Vector256.ShiftLeft(hi, 16).CopyTo(bits.Slice(i + 8, 8));
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= source.Length - 8; i += 8)
            {
                var (lo, hi) = Vector128.Widen(Vector128.Create(source.Slice(i, 8)));
                Vector128.ShiftLeft(lo, 16).CopyTo(bits.Slice(i, 4));
                Vector128.ShiftLeft(hi, 16).CopyTo(bits.Slice(i + 4, 4));
            }
        }
        for (; i < source.Length; i++)
            bits[i] = (uint)source[i] << 16;
    }

    /// <summary>F32 to bfloat16 bits, rounding to nearest even (NaN stays NaN).</summary>
    public static ushort SingleToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return (ushort)((bits >> 16) | 0x40);
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    /// <summary>
    /// F32 values to bfloat16 bits, rounding to nearest even; NaNs stay (quiet) NaNs. Element i
    /// equals <see cref="SingleToBFloat16(float)"/> of source[i].
    /// </summary>
    /// <param name="source">F32 values [n].</param>
    /// <param name="destination">bfloat16 bit patterns [>= n].</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the source.</exception>
    public static void SingleToBFloat16(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(
                $"destination has {destination.Length} values, expected {source.Length}", nameof(destination));
        var bits = MemoryMarshal.Cast<float, uint>(source);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= source.Length - 32; i += 32)
            {
                var lo = RoundToBFloat16(Vector512.Create(bits.Slice(i, 16)));
                var hi = RoundToBFloat16(Vector512.Create(bits.Slice(i + 16, 16)));
                Vector512.Narrow(lo, hi).CopyTo(destination.Slice(i, 32));
            }
        }
        for (; i < source.Length; i++)
            destination[i] = SingleToBFloat16(source[i]);
    }

    /// <summary>The rounding of <see cref="SingleToBFloat16(float)"/> on 16 lanes, result in the low half.</summary>
    static Vector512<uint> RoundToBFloat16(Vector512<uint> bits)
    {
        var odd = Vector512.ShiftRightLogical(bits, 16) & Vector512<uint>.One;
        var rounded = Vector512.ShiftRightLogical(bits + Vector512.Create(0x7FFFu) + odd, 16);
        var quiet = Vector512.ShiftRightLogical(bits, 16) | Vector512.Create(0x40u);
        var isNaN = ~Vector512.Equals(bits.AsSingle(), bits.AsSingle()).AsUInt32();
        return Vector512.ConditionalSelect(isNaN, quiet, rounded);
    }

    /// <summary>F32 values to IEEE binary16, rounding to nearest even (overflow gives infinity).</summary>
    /// <param name="source">F32 values [n].</param>
    /// <param name="destination">binary16 values [>= n].</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the source.</exception>
    public static void SingleToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException(
                $"destination has {destination.Length} values, expected {source.Length}", nameof(destination));
        TensorPrimitives.ConvertToHalf(source, destination);
    }
}
