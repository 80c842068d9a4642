using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Uploads, downloads, weights and row movement: exact on the device (no arithmetic, or a bf16 rounding the host
/// reproduces bit for bit). Written once, run per backend (<see cref="NativeMemoryOpsParityTests"/>,
/// <see cref="TorchMemoryOpsParityTests"/>).
/// </summary>
public abstract class MemoryOpsParityTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1001)]
    [InlineData(20_000_003)] // 80 MB: larger than the 64 MiB pinned staging buffer, so transfers are split
    public void FromHost_then_ToHost_is_the_identity(int n)
    {
        var data = TestData.Uniform(n, n);
        using var t = Gpu.FromHost(data, n);
        Assert.Equal(data, Gpu.ToHost(t));
    }

    [Fact]
    public void Zeros_are_zero_even_in_a_reused_block()
    {
        using (var dirty = Gpu.FromHost(TestData.Uniform(4097, 1), 4097))
        {
        }

        using var z = Gpu.Zeros(17, 241);
        Assert.All(Gpu.ToHost(z), v => Assert.Equal(0f, v));
        using var empty = Gpu.Zeros(0, 5);
        Assert.Empty(Gpu.ToHost(empty));
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    [InlineData(DType.BF16)]
    public void LoadWeight_stores_the_checkpoint_values_rounded_to_the_weight_type(DType dtype)
    {
        var values = new Random(3).GetItems([-3.3f, 1e-3f, 0.1f, 7.77f, -0.5f, 65000f, 1.00390625f], 999)
            .Select(v => v * (1 + (v % 0.01f))).ToArray();
        var bytes = new byte[values.Length * (dtype == DType.F32 ? 4 : 2)];
        var expected = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            switch (dtype)
            {
                case DType.F32:
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
                    expected[i] = AsWeight(values[i]);
                    break;
                case DType.F16:
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)values[i]);
                    expected[i] = AsWeight((float)(Half)values[i]);
                    break;
                default:
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), Bf16.FromSingle(values[i]));
                    expected[i] = Bf16.Round(values[i]);
                    break;
            }
        }

        using var w = Gpu.LoadWeight(bytes, dtype, [27, 37]);
        Assert.Equal(WeightType, w.DType);
        Assert.Equal(expected, Gpu.ToHost(w));
    }

    [Fact]
    public void LoadWeight_rejects_a_byte_count_that_does_not_fill_the_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Gpu.LoadWeight(new byte[10], DType.BF16, [2, 3]));
        Assert.Contains("[2,3]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1f, 0f, 1UL)]
    [InlineData(1, 0.5f, 0f, 7UL)]
    [InlineData(100_003, 0.02f, 0f, 42UL)]
    [InlineData(4097, 1.35f, 1.4f, 1_000_003UL * 5)]
    [InlineData(33, 0f, 1f, 9UL)]
    public void RandomWeight_is_seeded_and_uniform_in_its_range(int n, float scale, float offset, ulong seed)
    {
        using var first = Gpu.RandomWeight([n], scale, offset, seed);
        using var again = Gpu.RandomWeight([n], scale, offset, seed);
        using var other = Gpu.RandomWeight([n], scale, offset, seed + 1);
        var values = Gpu.ToHost(first);
        Assert.Equal(WeightType, first.DType);
        Assert.Equal(values, Gpu.ToHost(again));
        // The ends may round outward by half a unit of the weight type.
        var (lo, hi) = (offset - scale, offset + scale);
        var slack = (Math.Abs(lo) + Math.Abs(hi)) * (WeightType == DType.BF16 ? 1f / 256 : 1f / (1 << 23));
        Assert.All(values, v => Assert.InRange(v, lo - slack, hi + slack));
        if (n > 1 && scale > 0)
        {
            Assert.NotEqual(values, Gpu.ToHost(other));
        }

        if (n >= 1000)
        {
            // Mean of n uniforms on [lo, hi): standard error scale/√(3n); 5 of them is far outside any seed's luck.
            var mean = values.Average(v => (double)v);
            Assert.InRange(mean, offset - (5 * scale / Math.Sqrt(3.0 * n)), offset + (5 * scale / Math.Sqrt(3.0 * n)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CopyRows_copies_a_row_range_from_fp32_or_bf16(bool bf16Source)
    {
        var data = TestData.Uniform(40 * 7, 5);
        var (cs, gs) = bf16Source ? BothWeight(data, 40, 7) : Both(data, 40, 7);
        var (cd, gd) = Both(TestData.Uniform(12 * 7, 6), 12, 7);
        using (cs)
        using (gs)
        using (cd)
        using (gd)
        {
            foreach (var (srcRow, dstRow, rows) in new[] { (3, 2, 9), (39, 0, 1), (0, 11, 1), (5, 5, 0) })
            {
                Cpu.CopyRows(cs, srcRow, cd, dstRow, rows);
                Gpu.CopyRows(gs, srcRow, gd, dstRow, rows);
            }

            Assert.Equal(Cpu.ToHost(cd), Gpu.ToHost(gd));
            Assert.ThrowsAny<ArgumentException>(() => Gpu.CopyRows(gs, 35, gd, 0, 6));
        }
    }

    [Theory]
    [InlineData(new int[0], 5)]
    [InlineData(new[] { 0 }, 1)]
    [InlineData(new[] { 4, 4, 0, 19, 7 }, 33)]
    public void GatherRows_matches_the_CPU(int[] rows, int width)
    {
        var data = TestData.Uniform(20 * width, width);
        var (c, g) = Both(data, 20, width);
        var (cw, gw) = BothWeight(data, 20, width);
        using (c)
        using (g)
        using (cw)
        using (gw)
        {
            using var cr = Cpu.GatherRows(c, rows);
            using var gr = Gpu.GatherRows(g, rows);
            Assert.Equal(cr.Shape, gr.Shape);
            Assert.Equal(Cpu.ToHost(cr), Gpu.ToHost(gr));
            using var gwr = Gpu.GatherRows(gw, rows);
            Assert.Equal(Cpu.ToHost(cr), Gpu.ToHost(gwr));
            Assert.Throws<ArgumentOutOfRangeException>(() => Gpu.GatherRows(g, [20]));
        }
    }

    [Theory]
    [InlineData(new int[0], new int[0])]
    [InlineData(new[] { 0 }, new[] { 1 })]
    [InlineData(new[] { 0, 2, 4, 6 }, new[] { 1, 1, 5, 9 })]
    [InlineData(new[] { 3, 8, 1 }, new[] { 8, 2, 3 })] // 8 and 3 are targets and sources: reads see the rows before the merge
    public void MergeRows_matches_the_CPU_size_weighted_average(int[] sources, int[] targets)
    {
        const int rows = 10, width = 37;
        var sizes = Enumerable.Range(0, rows).Select(i => 1f + (i % 3)).ToArray();
        var (c, g) = Both(TestData.Uniform(rows * width, 11), rows, width);
        using (c)
        using (g)
        {
            Cpu.MergeRows(c, sources, targets, sizes);
            Gpu.MergeRows(g, sources, targets, sizes);
            AssertClose(c, g, 1e-6f, "MergeRows");
        }
    }

    [Theory]
    [InlineData(0, 5, 0, 3)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(33, 100, 37, 50)]
    [InlineData(7, 64, 64, 0)]
    public void SliceColumns_matches_the_CPU(int rows, int width, int start, int count)
    {
        var (c, g) = Both(TestData.Uniform(rows * width, 2), rows, width);
        using (c)
        using (g)
        {
            using var cs = Cpu.SliceColumns(c, start, count);
            using var gs = Gpu.SliceColumns(g, start, count);
            Assert.Equal(cs.Shape, gs.Shape);
            Assert.Equal(Cpu.ToHost(cs), Gpu.ToHost(gs));
        }
    }

    [Fact]
    public void A_column_slice_outlives_its_source_and_reads_like_a_contiguous_tensor()
    {
        // A backend may return a strided view (the Torch backend does, to spare copies of the Mamba in-projection),
        // but the slice is a tensor of its own: its values outlive the source's handle, and it reshapes like [T, C].
        var data = TestData.Uniform(9 * 20, 8);
        var (c, g) = Both(data, 9, 20);
        using var cs = Cpu.SliceColumns(c, 4, 12);
        using var gs = Gpu.SliceColumns(g, 4, 12);
        c.Dispose();
        g.Dispose();
        Assert.Equal(Cpu.ToHost(cs), Gpu.ToHost(gs));
        using var gr = Gpu.GatherRows(gs.Reshape(9 * 3, 4), [26, 0, 5]);
        using var cr = Cpu.GatherRows(cs.Reshape(9 * 3, 4), [26, 0, 5]);
        Assert.Equal(Cpu.ToHost(cr), Gpu.ToHost(gr));
    }
}
