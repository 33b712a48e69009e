using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Vane.Tensors;

/// <summary>Conversions between stored dtypes and F32.</summary>
public static class Convert
{
    /// <summary>Widens <paramref name="source"/> (elements of <paramref name="dtype"/>) to F32.</summary>
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

    /// <summary>bfloat16 bits to F32: the 16 bits become the top half of the binary32.</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var bits = MemoryMarshal.Cast<float, uint>(destination);
        for (int i = 0; i < source.Length; i++)
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
}
