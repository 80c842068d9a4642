using System.Runtime.InteropServices;
using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Core.Backends.Cuda.Memory;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>Uploads, downloads and row movement.</summary>
public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public Tensor FromHost(ReadOnlySpan<float> data, params int[] shape)
    {
        Enter();
        var t = NewActivation(shape);
        if (t.Length != data.Length)
        {
            t.Dispose();
            throw new ArgumentException($"FromHost: {data.Length} values do not fill shape [{string.Join(",", shape)}] ({t.Length} elements).", nameof(data));
        }

        _staging.Upload(MemoryMarshal.AsBytes(data), Ptr(t, "result"));
        return t;
    }

    /// <inheritdoc />
    public Tensor Zeros(params int[] shape)
    {
        Enter();
        var t = NewActivation(shape);
        if (t.Length > 0)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuMemsetD8Async(Ptr(t, "result"), 0, (nuint)(t.Length * 4), Stream));
        }

        return t;
    }

    /// <inheritdoc />
    public Tensor LoadWeight(ReadOnlySpan<byte> data, DType dtype, int[] shape)
    {
        Enter();
        if (dtype is not (DType.F32 or DType.BF16 or DType.F16))
        {
            throw new ArgumentException($"LoadWeight: weights must be F32, BF16 or F16, not {dtype}.", nameof(dtype));
        }

        var t = NewTensor(shape, DType.BF16);
        var expected = t.Length * DTypeInfo.SizeOf(dtype);
        if (data.Length != expected)
        {
            t.Dispose();
            throw new ArgumentException($"LoadWeight: {data.Length} bytes of {dtype} do not fill shape [{string.Join(",", shape)}] ({expected} bytes expected).", nameof(data));
        }

        var destination = Ptr(t, "weight");
        if (dtype == DType.BF16)
        {
            _staging.Upload(data, destination);
            return t;
        }

        // fp32 / fp16 → bf16 on the host, straight into pinned memory (round to nearest even, as torch).
        unsafe
        {
            fixed (byte* source = data)
            {
                var src = (nint)source;
                var srcSize = DTypeInfo.SizeOf(dtype);
                _staging.UploadFilled(t.Length * 2, destination, (span, offset) =>
                {
                    var output = MemoryMarshal.Cast<byte, ushort>(span);
                    var first = offset / 2;
                    for (var i = 0; i < output.Length; i++)
                    {
                        var p = (byte*)src + ((first + i) * srcSize);
                        var value = dtype == DType.F32 ? *(float*)p : (float)*(Half*)p;
                        output[i] = Bf16.FromSingle(value);
                    }
                });
            }
        }

        return t;
    }

    /// <inheritdoc />
    public Tensor RandomWeight(int[] shape, float scale, float offset, ulong seed)
    {
        Enter();
        var t = NewTensor(shape, DType.BF16);
        var args = default(KernelArguments);
        args.Add(Ptr(t, "weight"));
        args.Add(t.Length);
        args.Add(scale);
        args.Add(offset);
        args.Add(seed);
        LaunchElementwise("elementwise", "random_uniform_bf16", t.Length, ref args);
        return t;
    }

    /// <inheritdoc />
    public float[] ToHost(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        Enter();
        var result = new float[t.Length];
        var source = Ptr(t, nameof(t));
        if (t.DType == DType.F32)
        {
            _staging.Download(source, MemoryMarshal.AsBytes(result.AsSpan()));
            return result;
        }

        var raw = new ushort[t.Length];
        _staging.Download(source, MemoryMarshal.AsBytes(raw.AsSpan()));
        for (var i = 0; i < raw.Length; i++)
        {
            result[i] = Bf16.ToSingle(raw[i]);
        }

        return result;
    }

    /// <inheritdoc />
    public void CopyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows)
    {
        Enter();
        if (src.Width != dst.Width)
        {
            throw new ArgumentException($"CopyRows: source {Shape(src)} and destination {Shape(dst)} differ in width.", nameof(dst));
        }

        if (rows < 0 || srcRow < 0 || dstRow < 0 || srcRow + rows > src.Rows || dstRow + rows > dst.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rows),
                $"CopyRows: rows [{srcRow}, {srcRow + rows}) of {Shape(src)} into rows [{dstRow}, {dstRow + rows}) of {Shape(dst)} is out of range.");
        }

        var w = (long)src.Width;
        var d = F32Out(dst, nameof(dst)) + (nint)(dstRow * w * 4);
        if (rows == 0 || w == 0)
        {
            return;
        }

        if (src.DType == DType.F32)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuMemcpyDtoDAsync(d, Ptr(src, nameof(src)) + (nint)(srcRow * w * 4), (nuint)(rows * w * 4), Stream));
            return;
        }

        var args = default(KernelArguments);
        args.Add(d);
        args.Add(Ptr(src, nameof(src)) + (nint)(srcRow * w * 2));
        args.Add(rows * w);
        LaunchElementwise("elementwise", "bf16_to_f32_copy", rows * w, ref args);
    }

    /// <inheritdoc />
    public Tensor GatherRows(Tensor src, ReadOnlySpan<int> rows)
    {
        Enter();
        CheckIndices(rows, src.Rows, "GatherRows", "row");
        return Gather(src, rows, [rows.Length, src.Width]);
    }

    /// <inheritdoc />
    public void MergeRows(Tensor x, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> sizes)
    {
        Enter();
        if (sources.Length != targets.Length)
        {
            throw new ArgumentException($"MergeRows: {sources.Length} sources but {targets.Length} targets.", nameof(targets));
        }

        if (sizes.Length != x.Rows)
        {
            throw new ArgumentException($"MergeRows: {sizes.Length} sizes for {x.Rows} rows of {Shape(x)}.", nameof(sizes));
        }

        CheckIndices(sources, x.Rows, "MergeRows", "source");
        CheckIndices(targets, x.Rows, "MergeRows", "target");
        var xp = F32Out(x, nameof(x));
        if (sources.IsEmpty || x.Width == 0)
        {
            return;
        }

        // CSR grouping by target: [distinct targets], srcStart [targets + 1], srcIdx [sources].
        var byTarget = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < sources.Length; i++)
        {
            if (!byTarget.TryGetValue(targets[i], out var list))
            {
                byTarget[targets[i]] = list = [];
            }

            list.Add(sources[i]);
        }

        var distinct = byTarget.Keys.ToArray();
        var start = new int[distinct.Length + 1];
        var index = new List<int>(sources.Length);
        for (var k = 0; k < distinct.Length; k++)
        {
            start[k] = index.Count;
            index.AddRange(byTarget[distinct[k]]);
        }

        start[^1] = index.Count;
        using var scratch = new ScratchBlocks();
        // Merged rows go to a scratch [targets, W] first, so every read sees the rows before the merge
        // even when a target is also another target's source; then they are scattered back.
        var merged = Scratch((long)distinct.Length * x.Width * 4);
        scratch.Add(merged);
        var targetRows = UploadScratch<int>(distinct, scratch).Pointer;
        var args = default(KernelArguments);
        args.Add(merged.Pointer);
        args.Add(xp);
        args.Add(x.Width);
        args.Add(targetRows);
        args.Add(UploadScratch<int>(start, scratch).Pointer);
        args.Add(UploadScratch<int>(index.ToArray(), scratch).Pointer);
        args.Add(UploadScratch(sizes, scratch).Pointer);
        Launch("rows", "merge_rows", (uint)distinct.Length, 1, Threads, 0, ref args);

        var scatter = default(KernelArguments);
        scatter.Add(xp);
        scatter.Add(merged.Pointer);
        scatter.Add(targetRows);
        scatter.Add((long)distinct.Length);
        scatter.Add(x.Width);
        LaunchElementwise("rows", "scatter_rows", (long)distinct.Length * x.Width, ref scatter);
    }

    /// <inheritdoc />
    public Tensor SliceColumns(Tensor x, int start, int count)
    {
        Enter();
        if (start < 0 || count < 0 || start + count > x.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"SliceColumns: columns [{start}, {start + count}) of {Shape(x)} are out of range.");
        }

        var rows = x.Rows;
        var result = NewActivation(rows, count);
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(Ptr(x, nameof(x)));
        args.Add(x.DType == DType.BF16 ? 1 : 0);
        args.Add((long)rows);
        args.Add(x.Width);
        args.Add(start);
        args.Add(count);
        LaunchElementwise("rows", "slice_columns", (long)rows * count, ref args);
        return result;
    }

    /// <summary>[rows.Length, W] = src rows (bf16 or fp32 source), result shaped <paramref name="shape"/>.</summary>
    private Tensor Gather(Tensor src, ReadOnlySpan<int> rows, int[] shape)
    {
        var result = NewActivation(shape);
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(Ptr(src, nameof(src)));
        args.Add(src.DType == DType.BF16 ? 1 : 0);
        args.Add(UploadScratch(rows, scratch).Pointer);
        args.Add((long)rows.Length);
        args.Add(src.Width);
        LaunchElementwise("rows", "gather_rows", (long)rows.Length * src.Width, ref args);
        return result;
    }

    private static void CheckIndices(ReadOnlySpan<int> indices, int count, string op, string what)
    {
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: {what} index {i} is outside [0, {count}).");
            }
        }
    }
}
