using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Core.Backends.Cuda.Memory;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>
/// Flash-style causal attention (a bf16 tensor-core kernel for prefill, an fp32 CUDA-core kernel otherwise) and
/// the query-row attention signal (attention.cu).
/// </summary>
public sealed partial class CudaBackend
{
    // Tile sizes and limits of attention.cu's fp32 kernel flash_attention (BQ, BK, MAX_D).
    private const int AttentionQueryTile = 32;
    private const int AttentionKeyTile = 32;
    private const int AttentionMaxHeadDim = 256;

    // attention.cu's tensor-core kernels flash_attention_tc{16, 32, …, 128} (TC_BQ, TC_THREADS, largest DP).
    private const int TensorCoreQueryTile = 64;
    private const int TensorCoreThreads = 128;
    private const int TensorCoreMaxHeadDim = 128;
    private int _attentionSharedBytesSet;

    /// <summary>
    /// Whether <see cref="Attention"/> may use the tensor-core kernel (on by default): bf16 operands for Q·Kᵀ
    /// and P·V, fp32 online softmax and accumulation, for sm_80 and newer, head sizes that are multiples of 8
    /// up to 128 and more than one query. Everything else — decode steps, other head sizes, older GPUs, and
    /// all calls while this is off — runs the fp32 CUDA-core kernel (docs/gpu.md: speed and tolerance of each).
    /// </summary>
    public bool TensorCoreAttention { get; set; } = true;

    /// <summary>
    /// Whether a call with <paramref name="queries"/> query rows and head size <paramref name="headDim"/> takes the
    /// tensor-core kernel (given <see cref="TensorCoreAttention"/> and an sm_80+ device): prefill and chunks of
    /// more than one query, d a multiple of 8 up to 128. Decode steps stay on the fp32 kernel, whose cost there is
    /// negligible. The one rule that tests and the bf16-emulating reference share with the backend.
    /// </summary>
    internal static bool TensorCoreAttentionApplies(int queries, int headDim) => queries > 1 && headDim % 8 == 0 && headDim <= TensorCoreMaxHeadDim;

    /// <inheritdoc />
    public Tensor Attention(Tensor q, Tensor kCache, Tensor vCache, int kvLength, int queryOffset, Tensor? keyLogSize)
    {
        Enter();
        var (tq, hq, hkv, d) = AttentionShapes(q, kCache, kvLength, keyLogSize, "Attention");
        if (!vCache.Shape.SequenceEqual(kCache.Shape))
        {
            throw new ArgumentException($"Attention: value cache {Shape(vCache)} differs from key cache {Shape(kCache)}.", nameof(vCache));
        }

        if (queryOffset < 0 || queryOffset + tq > kvLength)
        {
            throw new ArgumentOutOfRangeException(nameof(queryOffset), $"Attention: queries at cache rows [{queryOffset}, {queryOffset + tq}) are outside the {kvLength} valid rows.");
        }

        var result = NewActivation(tq, hq, d);
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var qp = F32In(q, nameof(q), scratch);
        var kp = F32In(kCache, nameof(kCache), scratch);
        var vp = F32In(vCache, nameof(vCache), scratch);
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(qp);
        args.Add(kp);
        args.Add(vp);
        args.Add(keyLogSize is null ? 0 : F32In(keyLogSize, nameof(keyLogSize), scratch));
        args.Add(tq);
        args.Add(hq);
        args.Add(hkv);
        args.Add(d);
        args.Add(kvLength);
        args.Add(queryOffset);

        // The tensor-core kernel reads rows as 16-byte vectors: d % 8 == 0 and aligned bases keep every row aligned
        // (device allocations always are; the check only guards against a future offset view).
        var aligned = ((qp | kp | vp) & 15) == 0;
        if (TensorCoreAttention && Info.Major >= 8 && TensorCoreAttentionApplies(tq, d) && aligned)
        {
            var paddedHeadDim = (d + 15) / 16 * 16;
            args.Add(1f / MathF.Sqrt(d) * MathF.Log2(MathF.E));
            Launch("attention", $"flash_attention_tc{paddedHeadDim}", (uint)((tq + TensorCoreQueryTile - 1) / TensorCoreQueryTile), (uint)hq, TensorCoreThreads, 0, ref args);
            return result;
        }

        var shared = ((AttentionQueryTile * d) + (AttentionKeyTile * (d + 1)) + (AttentionKeyTile * d) + (AttentionQueryTile * (AttentionKeyTile + 1)) + (2 * AttentionQueryTile)) * 4;
        var function = _kernels.Function("attention", "flash_attention");
        if (shared > _attentionSharedBytesSet)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuFuncSetAttribute(function, CudaDriver.FunctionAttributeMaxDynamicSharedSizeBytes, shared));
            _attentionSharedBytesSet = shared;
        }

        args.Add(1f / MathF.Sqrt(d));
        Launch("attention", "flash_attention", (uint)((tq + AttentionQueryTile - 1) / AttentionQueryTile), (uint)hq, Threads, (uint)shared, ref args);
        return result;
    }

    /// <inheritdoc />
    public Tensor QueryAttention(Tensor q, Tensor kCache, int kvLength, ReadOnlySpan<int> queryRows, Tensor? keyLogSize, int colStart, int colCount, bool perQuery)
    {
        Enter();
        var (nq, hq, hkv, d) = AttentionShapes(q, kCache, kvLength, keyLogSize, "QueryAttention");
        if (queryRows.Length != nq)
        {
            throw new ArgumentException($"QueryAttention: {queryRows.Length} query rows for {nq} queries of {Shape(q)}.", nameof(queryRows));
        }

        CheckIndices(queryRows, kvLength, "QueryAttention", "query row");
        if (colStart < 0 || colCount < 0 || colStart + colCount > kvLength)
        {
            throw new ArgumentOutOfRangeException(nameof(colCount), $"QueryAttention: key columns [{colStart}, {colStart + colCount}) exceed the {kvLength} valid cache rows.");
        }

        var result = perQuery ? Zeros(hq, nq, colCount) : Zeros(hq, colCount);
        if (result.Length == 0 || nq == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var scale = 1f / MathF.Sqrt(d);
        var qp = F32In(q, nameof(q), scratch);
        var kp = F32In(kCache, nameof(kCache), scratch);
        var bias = keyLogSize is null ? 0 : F32In(keyLogSize, nameof(keyLogSize), scratch);
        var rows = UploadScratch(queryRows, scratch).Pointer;
        var stats = Scratch((long)nq * hq * 2 * 4);
        scratch.Add(stats);

        var pass1 = default(KernelArguments);
        pass1.Add(stats.Pointer);
        pass1.Add(qp);
        pass1.Add(kp);
        pass1.Add(bias);
        pass1.Add(rows);
        pass1.Add(hq);
        pass1.Add(hkv);
        pass1.Add(d);
        pass1.Add(scale);
        Launch("attention", "query_attention_stats", (uint)nq, (uint)hq, Threads, 0, ref pass1);

        var pass2 = default(KernelArguments);
        pass2.Add(Ptr(result, "result"));
        pass2.Add(qp);
        pass2.Add(kp);
        pass2.Add(bias);
        pass2.Add(stats.Pointer);
        pass2.Add(rows);
        pass2.Add(nq);
        pass2.Add(hq);
        pass2.Add(hkv);
        pass2.Add(d);
        pass2.Add(colStart);
        pass2.Add(colCount);
        pass2.Add(scale);
        LaunchElementwise("attention", perQuery ? "query_attention_probs" : "query_attention_mean", result.Length, ref pass2);
        return result;
    }

    /// <summary>Validates q [Tq, Hq, d] against a cache [capacity, Hkv, d] and the optional [capacity] key bias.</summary>
    private static (int Queries, int QueryHeads, int KvHeads, int HeadDim) AttentionShapes(Tensor q, Tensor kCache, int kvLength, Tensor? keyLogSize, string op)
    {
        if (q.Shape.Length != 3 || kCache.Shape.Length != 3)
        {
            throw new ArgumentException($"{op}: q must be [T, heads, d] and the cache [capacity, kv heads, d]; got {Shape(q)} and {Shape(kCache)}.", nameof(q));
        }

        int hq = q.Shape[1], d = q.Shape[2], capacity = kCache.Shape[0], hkv = kCache.Shape[1];
        if (kCache.Shape[2] != d || hkv == 0 || hq % hkv != 0)
        {
            throw new ArgumentException($"{op}: q {Shape(q)} and cache {Shape(kCache)} do not form grouped-query attention (head size, or query heads not a multiple of KV heads).", nameof(kCache));
        }

        if (d > AttentionMaxHeadDim)
        {
            throw new ArgumentException($"{op}: head size {d} exceeds the kernel's limit of {AttentionMaxHeadDim}.", nameof(q));
        }

        if (kvLength < 0 || kvLength > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(kvLength), $"{op}: kv length {kvLength} is outside the cache capacity {capacity}.");
        }

        if (keyLogSize is not null && keyLogSize.Length < kvLength)
        {
            throw new ArgumentException($"{op}: key log-size {Shape(keyLogSize)} is shorter than the kv length {kvLength}.", nameof(keyLogSize));
        }

        return (q.Shape[0], hq, hkv, d);
    }
}
