using PruneBench.Core.Backends.Cuda;

namespace PruneBench.Gpu.Tests.Interop;

/// <summary>Host-side bf16 conversion (weights converted on upload): round to nearest, ties to even, NaN kept.</summary>
public sealed class Bf16Tests
{
    [Theory]
    [InlineData(0x3F800000u, 0x3F80)] // 1.0
    [InlineData(0xC0000000u, 0xC000)] // -2.0
    [InlineData(0x3F808000u, 0x3F80)] // exactly halfway between 0x3F80 and 0x3F81: ties to even (down)
    [InlineData(0x3F818000u, 0x3F82)] // halfway between 0x3F81 and 0x3F82: ties to even (up)
    [InlineData(0x3F808001u, 0x3F81)] // just above halfway: up
    [InlineData(0x7F800000u, 0x7F80)] // +infinity
    [InlineData(0x7F7F8000u, 0x7F80)] // halfway above the largest finite bf16: to infinity, as torch
    public void FromSingle_rounds_to_nearest_even(uint fp32Bits, int expected) =>
        Assert.Equal((ushort)expected, Bf16.FromSingle(BitConverter.UInt32BitsToSingle(fp32Bits)));

    [Fact]
    public void NaN_stays_NaN() => Assert.True(float.IsNaN(Bf16.ToSingle(Bf16.FromSingle(float.NaN))));

    [Fact]
    public void Bf16_values_round_trip_exactly()
    {
        for (var bits = 0; bits < 0x10000; bits += 7)
        {
            var v = Bf16.ToSingle((ushort)bits);
            if (!float.IsNaN(v))
            {
                Assert.Equal((ushort)bits, Bf16.FromSingle(v));
            }
        }
    }
}
