using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cpu;

/// <summary>
/// The reference backend: fp32 everywhere, System.Numerics.Tensors for inner loops and Parallel.For over
/// rows or heads. Every CUDA kernel is tested against this. Split by op group into partial files.
/// </summary>
public sealed partial class CpuBackend : IBackend
{
    private long _used;
    private long _peak;

    /// <inheritdoc />
    public string Name => $"cpu ({Environment.ProcessorCount} threads)";

    /// <inheritdoc />
    public DeviceKind Device => DeviceKind.Cpu;

    /// <inheritdoc />
    public MemoryStats Memory => new(Interlocked.Read(ref _used), Interlocked.Read(ref _peak));

    /// <inheritdoc />
    public void ResetPeakMemory() => Interlocked.Exchange(ref _peak, Interlocked.Read(ref _used));

    /// <inheritdoc />
    public void Synchronize()
    {
        // Every CPU op completes before it returns.
    }

    /// <inheritdoc />
    public IDeviceTimer CreateTimer() => new HostTimer();

    /// <inheritdoc />
    public void Dispose()
    {
    }

    internal void Track(long delta)
    {
        var now = Interlocked.Add(ref _used, delta);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
    }

    private Tensor New(float[] data, params int[] shape)
    {
        Track(data.LongLength * sizeof(float));
        return new Tensor(this, new CpuStorage(data, this), shape, DType.F32);
    }

    private Tensor New(params int[] shape) => New(new float[shape.Aggregate(1L, (a, d) => a * d)], shape);

    private static float[] D(Tensor t) => t.Storage is CpuStorage s
        ? s.Data
        : throw new ArgumentException($"{t} does not belong to the CPU backend.");

    /// <inheritdoc />
    public Tensor FromHost(ReadOnlySpan<float> data, params int[] shape)
    {
        var n = shape.Aggregate(1L, (a, d) => a * d);
        if (n != data.Length)
        {
            throw new ArgumentException($"FromHost: {data.Length} values for shape [{string.Join(",", shape)}].");
        }

        return New(data.ToArray(), shape);
    }

    /// <inheritdoc />
    public Tensor Zeros(params int[] shape) => New(shape);

    /// <inheritdoc />
    public Tensor LoadWeight(ReadOnlySpan<byte> data, DType dtype, int[] shape)
    {
        var t = New(shape);
        DTypeConversion.ToFloat(data, dtype, D(t));
        return t;
    }

    /// <inheritdoc />
    public Tensor RandomWeight(int[] shape, float scale, float offset, ulong seed)
    {
        var t = New(shape);
        var d = D(t);
        Parallel.For(0, (d.Length + 4095) / 4096, block =>
        {
            var end = Math.Min(d.Length, (block + 1) * 4096);
            for (var i = block * 4096; i < end; i++)
            {
                d[i] = offset + scale * CounterRandom.Uniform(seed, (ulong)i);
            }
        });
        return t;
    }

    /// <inheritdoc />
    public float[] ToHost(Tensor t) => (float[])D(t).Clone();

    /// <inheritdoc />
    public void CopyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows)
    {
        if (src.Width != dst.Width || srcRow < 0 || dstRow < 0 || srcRow + rows > src.Rows || dstRow + rows > dst.Rows)
        {
            throw new ArgumentException($"CopyRows: {rows} rows from {src}@{srcRow} to {dst}@{dstRow} out of range.");
        }

        Array.Copy(D(src), (long)srcRow * src.Width, D(dst), (long)dstRow * dst.Width, (long)rows * src.Width);
    }

    /// <inheritdoc />
    public Tensor GatherRows(Tensor src, ReadOnlySpan<int> rows)
    {
        var w = src.Width;
        var s = D(src);
        var result = new float[(long)rows.Length * w];
        for (var i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)src.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"GatherRows: row {rows[i]} outside [0, {src.Rows}).");
            }

            Array.Copy(s, (long)rows[i] * w, result, (long)i * w, w);
        }

        return New(result, rows.Length, w);
    }

    /// <inheritdoc />
    public void MergeRows(Tensor x, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> sizes)
    {
        var w = x.Width;
        var d = D(x);
        var acc = new Dictionary<int, (float[] Sum, float Size)>();
        for (var i = 0; i < sources.Length; i++)
        {
            var t = targets[i];
            if (!acc.TryGetValue(t, out var a))
            {
                a = (new float[w], sizes[t]);
                var row = d.AsSpan(t * w, w);
                for (var k = 0; k < w; k++)
                {
                    a.Sum[k] = sizes[t] * row[k];
                }
            }

            var src = d.AsSpan(sources[i] * w, w);
            for (var k = 0; k < w; k++)
            {
                a.Sum[k] += sizes[sources[i]] * src[k];
            }

            acc[t] = (a.Sum, a.Size + sizes[sources[i]]);
        }

        foreach (var (t, (sum, size)) in acc)
        {
            var row = d.AsSpan(t * w, w);
            for (var k = 0; k < w; k++)
            {
                row[k] = sum[k] / size;
            }
        }
    }

    /// <inheritdoc />
    public Tensor SliceColumns(Tensor x, int start, int count)
    {
        var (rows, w) = (x.Rows, x.Width);
        if (start < 0 || count < 0 || start + count > w)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"SliceColumns [{start}, {start + count}) of width {w}.");
        }

        var s = D(x);
        var r = new float[(long)rows * count];
        for (var t = 0; t < rows; t++)
        {
            Array.Copy(s, (long)t * w + start, r, (long)t * count, count);
        }

        return New(r, rows, count);
    }
}
