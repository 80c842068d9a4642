using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = PruneBench.Core.Tensors.Tensor;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// Score selection (the score pruner's device path), all in fp32, nothing read back except by
/// <see cref="IndicesToHost"/>: the blend and the decision (blend, top-k, compacted score) as the native backend's
/// one-block kernels (one launch each where the composites take a dozen), libtorch composites as the path without NVRTC. Index tensors are int32
/// (DType.I32). Ties go to the lower index as on the CPU. NaN ranks below −∞ in the kernel, as on the CPU; the
/// composite (a stable descending sort) ranks it with −∞, a difference only when a score is −∞.
/// </summary>
public sealed partial class TorchBackend
{
    /// <summary>Threads of the one-block selection kernels (as the native backend launches them).</summary>
    private const uint SelectionThreads = 1024;

    /// <inheritdoc />
    public Tensor ReduceHeads(Tensor perHead, HeadAggregation aggregation)
    {
        using var op = Op(nameof(ReduceHeads));
        using var scope = torch.NewDisposeScope();
        var x = In(perHead).reshape(perHead.Rows, perHead.Width).to_type(ScalarType.Float32);
        if (perHead.Rows == 0)
        {
            return Wrap(torch.zeros([perHead.Width], ScalarType.Float32, _device));
        }

        return Wrap(aggregation == HeadAggregation.Max ? x.amax([0L]) : x.mean([0L]));
    }

    /// <inheritdoc />
    public Tensor InverseHeadMeanNorms(Tensor x, int heads)
    {
        using var op = Op(nameof(InverseHeadMeanNorms));
        if (heads <= 0 || x.Width % heads != 0)
        {
            throw new ArgumentException($"InverseHeadMeanNorms: width {x.Width} of {x} is not {heads} heads.", nameof(heads));
        }

        using var scope = torch.NewDisposeScope();
        var mean = In(x).reshape(x.Rows, heads, x.Width / heads).to_type(ScalarType.Float32).mean([1L]); // [R, d]
        return Wrap(mean.square().sum([1L]).sqrt().clamp_min(1e-30).reciprocal());
    }

    /// <inheritdoc />
    public Tensor BlendScores(Tensor? running, Tensor current, float beta)
    {
        using var op = Op(nameof(BlendScores));
        if (running is not null && running.Length != current.Length)
        {
            throw new ArgumentException($"BlendScores: running {running} and current {current} differ in length.", nameof(current));
        }

        using var scope = torch.NewDisposeScope();
        var n = current.Length;
        if (_fused && n > 0)
        {
            // The native backend's one-block kernel (Cuda/Kernels/selection.cu, blend_scores): the same fp64 sum and
            // share in one launch instead of about a dozen libtorch ops per decision.
            var cur = Fp32(current, (int)n);
            var run = running is null || beta == 0 ? null : Fp32(running, (int)n);
            var blended = torch.empty([n], ScalarType.Float32, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(blended));
            args.Add(run is null ? 0 : TorchKernels.Ptr(run));
            args.Add(TorchKernels.Ptr(cur));
            args.Add(n);
            args.Add(run is null ? 0f : beta);
            _kernels!.LaunchFromFile("selection", "blend_scores", 1, 1, SelectionThreads, 0, ref args);
            return Wrap(blended);
        }

        var c = In(current).reshape(n).to_type(ScalarType.Float64);
        var sum = c.sum();
        // No preference (sum not positive, or not finite): a uniform share; decided on the device, no read-back.
        var usable = sum.gt(0).logical_and(sum.isfinite());
        var share = torch.where(usable, c / sum, torch.full_like(c, n == 0 ? 0 : 1.0 / n)).to_type(ScalarType.Float32);
        if (running is null || beta == 0)
        {
            return Wrap(share);
        }

        return Wrap(In(running).reshape(n).to_type(ScalarType.Float32).mul(beta).add_(share.mul(1 - beta)));
    }

    /// <inheritdoc />
    public (Tensor Kept, Tensor Scores) SelectTop(Tensor? running, Tensor? current, float beta, int k)
    {
        using var op = Op(nameof(SelectTop));
        var n = checked((int)(current ?? running ?? throw new ArgumentException("SelectTop: neither a running nor a current score.", nameof(running))).Length);
        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"SelectTop: k = {k} is outside 0..{n}.");
        }

        if (running is not null && running.Length != n)
        {
            throw new ArgumentException($"SelectTop: running {running} and current {current} differ in length.", nameof(current));
        }

        using var scope = torch.NewDisposeScope();
        if (_fused && k > 0)
        {
            // The native backend's one-block kernel (Cuda/Kernels/selection.cu, select_top_k): the blend, the radix
            // select and the running score's compaction in one launch, where the composite below takes two sorts and
            // a dozen elementwise ops (the stateful method decides after 51 of the 12B hybrid's 62 layers). Order as
            // the CPU's exactly: NaN below −∞, −0 = +0, ties to the lower index; indices written ascending.
            var kept = torch.empty([k], ScalarType.Int32, _device);
            var scores = torch.empty([k], ScalarType.Float32, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(kept));
            args.Add(TorchKernels.Ptr(scores));
            args.Add(running is null ? 0 : TorchKernels.Ptr(Fp32(running, n)));
            args.Add(current is null ? 0 : TorchKernels.Ptr(Fp32(current, n)));
            args.Add(n);
            args.Add(k);
            args.Add(running is null ? 0f : beta);
            _kernels!.LaunchFromFile("selection", "select_top_k", 1, 1, SelectionThreads, 0, ref args);
            return (Indices(kept), Wrap(scores));
        }

        // The composite: the blend as BlendScores, then NaN → −∞ (lowest), −0 → +0 (adding +0 does it); a stable
        // descending sort keeps index order among equals.
        using var blended = current is null ? null : BlendScores(running, current, beta);
        var v = In(blended ?? running!).reshape(n).to_type(ScalarType.Float32);
        var s = torch.where(v.isnan(), torch.full_like(v, float.NegativeInfinity), v).add(0f);
        var (_, order) = s.sort(0, descending: true, stable: true);
        var (top, _) = order.narrow(0, 0, k).sort(0);
        return (Indices(top.to_type(ScalarType.Int32)), Wrap(v.index_select(0, top).contiguous()));
    }

    /// <summary>An fp32 score [n] as a dense libtorch tensor (a view when it is one already).</summary>
    private TT Fp32(Tensor score, int n) => In(score).reshape(n).to_type(ScalarType.Float32).contiguous();

    /// <inheritdoc />
    public Tensor CompactRows(Tensor x, Tensor kept, int start, int count)
    {
        using var op = Op(nameof(CompactRows));
        var keptStorage = CheckCompaction(nameof(CompactRows), x, kept, start, count);

        using var scope = torch.NewDisposeScope();
        var xs = In(x).reshape(x.Rows, x.Width);
        if (CompactsInOnePass(x, kept, count, xs))
        {
            // Hidden-state rows (bf16 or fp32, widths of 8 or more): one pass, one launch (t_compact_rows16).
            return Wrap(LaunchCompaction("t_compact_rows16", [xs], keptStorage, start, count));
        }

        // The run's kept rows by index_select with the int32 indices as they are, the rows around it as views: two
        // kernels (index_select, cat), none when there is nothing around the run but the one index_select.
        var run = xs.narrow(0, start, count).index_select(0, keptStorage.Value.reshape(kept.Length));
        var rest = x.Rows - start - count;
        if (start == 0 && rest == 0)
        {
            return Wrap(run);
        }

        var parts = new List<TT>();
        if (start > 0)
        {
            parts.Add(xs.narrow(0, 0, start));
        }

        parts.Add(run);
        if (rest > 0)
        {
            parts.Add(xs.narrow(0, start + count, rest));
        }

        return Wrap(torch.cat(parts, 0));
    }

    /// <inheritdoc />
    public Tensor AddCompactRows(Tensor x, Tensor y, Tensor kept, int start, int count)
    {
        using var op = Op(nameof(AddCompactRows));
        var keptStorage = CheckCompaction(nameof(AddCompactRows), x, kept, start, count);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"AddCompactRows: {x} and {y} differ in size.", nameof(y));
        }

        using var scope = torch.NewDisposeScope();
        var xs = In(x).reshape(x.Rows, x.Width);
        var ys = In(y).reshape(x.Rows, x.Width);
        if (CompactsInOnePass(x, kept, count, xs, ys) && xs.dtype == ys.dtype && xs.dtype is ScalarType.BFloat16 or ScalarType.Float32)
        {
            // One pass over the kept rows only (t_add_compact_rows16): the residual add of the layer the short path just
            // decided after, and its compaction.
            return Wrap(LaunchCompaction(xs.dtype == ScalarType.BFloat16 ? "t_add_compact_rows16_bf16" : "t_add_compact_rows16_f32", [xs, ys], keptStorage, start, count));
        }

        Add(x, y);
        return CompactRows(x, kept, start, count);
    }

    /// <summary>Whether the one-pass compaction kernels take these rows: something to write, 16-byte rows, all sources contiguous and aligned.</summary>
    private bool CompactsInOnePass(Tensor x, Tensor kept, int count, params TT[] sources) =>
        _fused && x.Rows - count + kept.Length > 0 && x.Width * sources[0].element_size() % 16 == 0
        && sources.All(s => s.is_contiguous()) && TorchKernels.Aligned16(sources);

    /// <summary>
    /// Launches a one-pass compaction kernel of fused.cu (t_compact_rows16, t_add_compact_rows16_*): out [T − count + k,
    /// W] in the sources' dtype, its arguments out, the sources [T, W], kept, start, count, k, out rows, 16-byte vectors per row.
    /// </summary>
    private TT LaunchCompaction(string entry, TT[] sources, TorchStorage kept, int start, int count)
    {
        var (rows, width) = (sources[0].shape[0], sources[0].shape[1]);
        var k = (int)kept.Value.numel();
        var outRows = rows - count + k;
        var rowVectors = width * sources[0].element_size() / 16;
        var result = torch.empty([outRows, width], sources[0].dtype, _device);
        var args = default(KernelArguments);
        args.Add(TorchKernels.Ptr(result));
        foreach (var source in sources)
        {
            args.Add(TorchKernels.Ptr(source));
        }

        args.Add(TorchKernels.Ptr(kept.Value.reshape(k).contiguous()));
        args.Add(start);
        args.Add(count);
        args.Add(k);
        args.Add(outRows);
        args.Add((int)rowVectors);
        _kernels!.LaunchFromFile(TorchKernels.File, entry, _kernels.StrideBlocks(outRows * rowVectors), 1, TorchKernels.Block, 0, ref args);
        return result;
    }

    /// <summary>The compaction's arguments checked once for CompactRows and AddCompactRows; kept's storage.</summary>
    private static TorchStorage CheckCompaction(string op, Tensor x, Tensor kept, int start, int count)
    {
        if (kept.DType != DType.I32 || kept.Storage is not TorchStorage keptStorage)
        {
            throw new ArgumentException($"{op}: kept {kept} is not an I32 index tensor of this backend.", nameof(kept));
        }

        if (start < 0 || count < 0 || start + count > x.Rows || kept.Length > count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{op}: {kept.Length} of the run [{start}, {start + count}) of {x} is out of range.");
        }

        return keptStorage;
    }

    /// <inheritdoc />
    public int[] IndicesToHost(Tensor indices)
    {
        if (indices.DType != DType.I32 || indices.Storage is not TorchStorage s)
        {
            throw new ArgumentException($"IndicesToHost: {indices} is not an I32 index tensor of this backend.", nameof(indices));
        }

        if (indices.Length == 0)
        {
            return [];
        }

        using var scope = torch.NewDisposeScope();
        return s.Value.reshape(indices.Length).cpu().contiguous().data<int>().ToArray();
    }

    /// <summary>Wraps an int32 libtorch tensor as an I32 index tensor.</summary>
    private Tensor Indices(TT values)
    {
        var owned = values.contiguous().DetachFromDisposeScope();
        return new Tensor(this, new TorchStorage(owned), [checked((int)owned.shape[0])], DType.I32);
    }
}
