using System.Runtime.InteropServices;

namespace PruneBench.Core.Tensors;

/// <summary>Conversions between stored element types and fp32. bf16 → fp32 is exact (shift by 16).</summary>
public static class DTypeConversion
{
    /// <summary>Converts little-endian <paramref name="src"/> of <paramref name="dtype"/> into <paramref name="dst"/>.</summary>
    public static void ToFloat(ReadOnlySpan<byte> src, DType dtype, Span<float> dst)
    {
        switch (dtype)
        {
            case DType.F32:
                MemoryMarshal.Cast<byte, float>(src).CopyTo(dst);
                break;
            case DType.BF16:
                var bf = MemoryMarshal.Cast<byte, ushort>(src);
                var bits = MemoryMarshal.Cast<float, uint>(dst);
                for (var i = 0; i < bf.Length; i++)
                {
                    bits[i] = (uint)bf[i] << 16;
                }

                break;
            case DType.F16:
                var h = MemoryMarshal.Cast<byte, Half>(src);
                for (var i = 0; i < h.Length; i++)
                {
                    dst[i] = (float)h[i];
                }

                break;
            case DType.I32:
                var i32 = MemoryMarshal.Cast<byte, int>(src);
                for (var i = 0; i < i32.Length; i++)
                {
                    dst[i] = i32[i];
                }

                break;
            case DType.I64:
                var i64 = MemoryMarshal.Cast<byte, long>(src);
                for (var i = 0; i < i64.Length; i++)
                {
                    dst[i] = i64[i];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
        }
    }

    /// <summary>fp32 → bf16 with round-to-nearest-even (NaN stays NaN).</summary>
    public static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
