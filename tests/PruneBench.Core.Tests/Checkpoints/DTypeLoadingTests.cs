using System.Runtime.InteropServices;
using System.Text;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Tests.Checkpoints;

/// <summary>Weights stored as F32, BF16 and F16 load to the same fp32 values (where the format can hold them).</summary>
public sealed class DTypeLoadingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prunebench-dtype-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Values exactly representable in fp16 and bf16 (few mantissa bits), including sign and zero.
    private static readonly float[] Values = [0f, 1f, -2.5f, 0.15625f, 96f, -0.75f];

    private string Write(string dtype, byte[] data)
    {
        var header = $"{{\"w\":{{\"dtype\":\"{dtype}\",\"shape\":[2,3],\"data_offsets\":[0,{data.Length}]}}}}";
        var h = Encoding.UTF8.GetBytes(header);
        var path = Path.Combine(_dir, dtype + ".safetensors");
        using var fs = File.Create(path);
        fs.Write(BitConverter.GetBytes((long)h.Length));
        fs.Write(h);
        fs.Write(data);
        return path;
    }

    [Fact]
    public void F16_bf16_and_f32_weights_load_to_the_same_values()
    {
        var f32 = MemoryMarshal.AsBytes(Values.AsSpan()).ToArray();
        var f16 = MemoryMarshal.AsBytes(Values.Select(v => (Half)v).ToArray().AsSpan()).ToArray();
        var bf16 = MemoryMarshal.AsBytes(Values.Select(DTypeConversion.ToBFloat16).ToArray().AsSpan()).ToArray();
        var backend = new CpuBackend();
        foreach (var (dtype, data) in new[] { ("F32", f32), ("F16", f16), ("BF16", bf16) })
        {
            using var file = SafetensorsFile.Open(Write(dtype, data));
            var entry = file.Entry("w");
            using var w = backend.LoadWeight(file.Bytes(entry), entry.DType, entry.Shape);
            Assert.Equal(Values, backend.ToHost(w));
        }
    }

    [Fact]
    public void Bf16_rounding_is_round_to_nearest_even()
    {
        // 1 + 2^-8 lies exactly between two bf16 values (1 and 1 + 2^-7): ties go to the even mantissa (1).
        Assert.Equal((ushort)0x3F80, DTypeConversion.ToBFloat16(1f + MathF.Pow(2, -8)));
        // 1 + 3·2^-8 lies between 1 + 2^-7 (odd) and 1 + 2^-6 (even): rounds up to the even one.
        Assert.Equal((ushort)0x3F82, DTypeConversion.ToBFloat16(1f + 3 * MathF.Pow(2, -8)));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle((uint)DTypeConversion.ToBFloat16(float.NaN) << 16)));
    }
}
