using System.Runtime.InteropServices;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>Score selection (Kernels/selection.cu): everything stays on the stream; only IndicesToHost waits.</summary>
public sealed partial class CudaBackend
{
    // The single-block kernels (blend, top-k) use the largest block: they stream over n in 1024-wide chunks.
    private const uint SelectionThreads = 1024;

    /// <inheritdoc />
    public Tensor ReduceHeads(Tensor perHead, HeadAggregation aggregation)
    {
        Enter();
        var (h, v) = (perHead.Rows, perHead.Width);
        var result = NewActivation(v);
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32Activation(perHead, nameof(perHead)));
        args.Add(h);
        args.Add((long)v);
        args.Add(aggregation == HeadAggregation.Max ? 1 : 0);
        LaunchElementwise("selection", "reduce_heads", v, ref args);
        return result;
    }

    /// <inheritdoc />
    public Tensor InverseHeadMeanNorms(Tensor x, int heads)
    {
        Enter();
        if (heads <= 0 || x.Width % heads != 0)
        {
            throw new ArgumentException($"InverseHeadMeanNorms: width {x.Width} of {Shape(x)} is not {heads} heads.", nameof(heads));
        }

        var rows = x.Rows;
        var result = NewActivation(rows);
        if (rows == 0)
        {
            return result;
        }

        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32Activation(x, nameof(x)));
        args.Add(heads);
        args.Add(x.Width / heads);
        Launch("selection", "inverse_head_mean_norms", (uint)rows, 1, 128, 0, ref args);
        return result;
    }

    /// <inheritdoc />
    public Tensor BlendScores(Tensor? running, Tensor current, float beta)
    {
        Enter();
        if (running is not null && running.Length != current.Length)
        {
            throw new ArgumentException($"BlendScores: running {Shape(running)} and current {Shape(current)} differ in length.", nameof(current));
        }

        var result = NewActivation(checked((int)current.Length));
        if (current.Length == 0)
        {
            return result;
        }

        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(running is null ? 0 : F32Activation(running, nameof(running)));
        args.Add(F32Activation(current, nameof(current)));
        args.Add(current.Length);
        args.Add(running is null ? 0f : beta);
        Launch("selection", "blend_scores", 1, 1, SelectionThreads, 0, ref args);
        return result;
    }

    /// <inheritdoc />
    public (Tensor Kept, Tensor Scores) SelectTop(Tensor? running, Tensor? current, float beta, int k)
    {
        Enter();
        var n = checked((int)(current ?? running ?? throw new ArgumentException("SelectTop: neither a running nor a current score.", nameof(running))).Length);
        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"SelectTop: k = {k} is outside 0..{n}.");
        }

        if (running is not null && running.Length != n)
        {
            throw new ArgumentException($"SelectTop: running {Shape(running)} and current {Shape(current!)} differ in length.", nameof(current));
        }

        var kept = NewTensor([k], DType.I32);
        var scores = NewActivation(k);
        if (k == 0)
        {
            return (kept, scores);
        }

        // selection.cu's select_top_k: blend, top-k and the compacted running score in one launch.
        var args = default(KernelArguments);
        args.Add(Ptr(kept, "kept"));
        args.Add(Ptr(scores, "scores"));
        args.Add(running is null ? 0 : F32Activation(running, nameof(running)));
        args.Add(current is null ? 0 : F32Activation(current, nameof(current)));
        args.Add(n);
        args.Add(k);
        args.Add(running is null ? 0f : beta);
        Launch("selection", "select_top_k", 1, 1, SelectionThreads, 0, ref args);
        return (kept, scores);
    }

    /// <inheritdoc />
    public Tensor CompactRows(Tensor x, Tensor kept, int start, int count)
    {
        Enter();
        if (kept.DType != DType.I32)
        {
            throw new ArgumentException($"CompactRows: kept {kept} is not an I32 index tensor.", nameof(kept));
        }

        if (start < 0 || count < 0 || start + count > x.Rows || kept.Length > count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"CompactRows: {kept.Length} of the run [{start}, {start + count}) of {Shape(x)} is out of range.");
        }

        var k = (int)kept.Length;
        var outRows = x.Rows - count + k;
        var result = NewActivation(outRows, x.Width);
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32Activation(x, nameof(x)));
        args.Add(Ptr(kept, nameof(kept)));
        args.Add(start);
        args.Add(count);
        args.Add(k);
        args.Add((long)outRows);
        args.Add(x.Width);
        LaunchElementwise("selection", "compact_rows", (long)outRows * x.Width, ref args);
        return result;
    }

    /// <inheritdoc />
    public int[] IndicesToHost(Tensor indices)
    {
        Enter();
        if (indices.DType != DType.I32)
        {
            throw new ArgumentException($"IndicesToHost: {indices} is not an I32 index tensor.", nameof(indices));
        }

        var result = new int[indices.Length];
        if (result.Length > 0)
        {
            _staging.Download(Ptr(indices, nameof(indices)), MemoryMarshal.AsBytes(result.AsSpan()));
        }

        return result;
    }

    /// <summary>Device pointer of an fp32 activation the op reads (selection inputs are never bf16 weights).</summary>
    private nint F32Activation(Tensor t, string role) =>
        t.DType == DType.F32 ? Ptr(t, role) : throw new ArgumentException($"Tensor '{role}' ({t}) must be an fp32 activation.", role);
}
