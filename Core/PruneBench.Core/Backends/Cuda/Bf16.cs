namespace PruneBench.Core.Backends.Cuda;

/// <summary>Host-side bfloat16 conversions (the upper 16 bits of an fp32; round to nearest even, NaN stays NaN), bit-identical to the kernels' f32_to_bf16.</summary>
public static class Bf16
{
    /// <summary>Rounds <paramref name="value"/> to the nearest bf16 (ties to even).</summary>
    public static ushort FromSingle(float value)
    {
        var u = BitConverter.SingleToUInt32Bits(value);
        if ((u & 0x7fffffffu) > 0x7f800000u)
        {
            return (ushort)((u >> 16) | 0x40u);
        }

        u += 0x7fffu + ((u >> 16) & 1u);
        return (ushort)(u >> 16);
    }

    /// <summary>The fp32 value of a bf16 bit pattern (exact).</summary>
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary><paramref name="value"/> rounded through bf16 and back.</summary>
    public static float Round(float value) => ToSingle(FromSingle(value));
}
