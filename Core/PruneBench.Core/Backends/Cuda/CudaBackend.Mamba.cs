using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Backends.Cuda.Memory;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>Mamba2 ops (mamba.cu): causal conv1d + SiLU, dt softplus, the SSD scan, implicit attention.</summary>
public sealed partial class CudaBackend
{
    private const int SsdMaxStateSize = 256;

    /// <inheritdoc />
    public Tensor CausalConv1dSilu(Tensor x, Tensor weight, Tensor? bias, Tensor convState)
    {
        Enter();
        int tokens = x.Rows, channels = x.Width;
        var kernel = channels == 0 ? 0 : (int)(weight.Length / channels);
        if (kernel < 1 || weight.Length != (long)channels * kernel)
        {
            throw new ArgumentException($"CausalConv1dSilu: weight {Shape(weight)} is not [C={channels}, K].", nameof(weight));
        }

        if (bias is not null && bias.Length != channels)
        {
            throw new ArgumentException($"CausalConv1dSilu: bias {Shape(bias)} does not match {channels} channels.", nameof(bias));
        }

        if (convState.Length != (long)channels * (kernel - 1))
        {
            throw new ArgumentException($"CausalConv1dSilu: state {Shape(convState)} is not [C={channels}, K-1={kernel - 1}].", nameof(convState));
        }

        var statePtr = F32Out(convState, nameof(convState));
        var result = NewActivation(ShapeOf(x));
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var xp = F32In(x, nameof(x), scratch);
        var conv = default(KernelArguments);
        conv.Add(Ptr(result, "result"));
        conv.Add(xp);
        conv.Add(F32In(weight, nameof(weight), scratch));
        conv.Add(bias is null ? 0 : F32In(bias, nameof(bias), scratch));
        conv.Add(statePtr);
        conv.Add((long)tokens);
        conv.Add(channels);
        conv.Add(kernel);
        LaunchElementwise("mamba", "conv1d_silu", result.Length, ref conv);

        if (kernel > 1)
        {
            var update = default(KernelArguments);
            update.Add(statePtr);
            update.Add(xp);
            update.Add((long)tokens);
            update.Add(channels);
            update.Add(kernel);
            LaunchElementwise("mamba", "conv1d_state_update", channels, ref update);
        }

        return result;
    }

    /// <inheritdoc />
    public Tensor DtSoftplus(Tensor dtRaw, Tensor dtBias, float min, float max)
    {
        Enter();
        var heads = (int)dtBias.Length;
        if (heads == 0 ? dtRaw.Length != 0 : dtRaw.Width != heads)
        {
            throw new ArgumentException($"DtSoftplus: dt {Shape(dtRaw)} is not [T, H={heads}] for bias {Shape(dtBias)}.", nameof(dtRaw));
        }

        var result = NewActivation(ShapeOf(dtRaw));
        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(dtRaw, nameof(dtRaw), scratch));
        args.Add(F32In(dtBias, nameof(dtBias), scratch));
        args.Add(result.Length);
        args.Add(heads);
        args.Add(min);
        args.Add(max);
        LaunchElementwise("elementwise", "dt_softplus", result.Length, ref args);
        return result;
    }

    /// <summary>
    /// <inheritdoc />
    /// This backend runs the exact recurrence for every T (one warp per (head, p) walking the sequence,
    /// state in registers): it equals the chunked form in exact arithmetic, so <paramref name="chunkSize"/>
    /// only has to be positive.
    /// </summary>
    public Tensor SsdScan(Tensor x, Tensor dt, Tensor a, Tensor b, Tensor c, Tensor d, Tensor state, int chunkSize)
    {
        Enter();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var heads = (int)a.Length;
        if (heads == 0 || d.Length != heads || dt.Width != heads)
        {
            throw new ArgumentException($"SsdScan: a {Shape(a)}, d {Shape(d)} and dt {Shape(dt)} disagree on the head count.", nameof(dt));
        }

        var tokens = dt.Rows;
        var headDim = tokens == 0 ? (x.Length == 0 ? 0 : -1) : (int)(x.Length / ((long)tokens * heads));
        if (tokens > 0 && (long)tokens * heads * headDim != x.Length)
        {
            throw new ArgumentException($"SsdScan: x {Shape(x)} is not [T={tokens}, H={heads}, P].", nameof(x));
        }

        if (tokens == 0)
        {
            headDim = x.Shape.Length == 3 ? x.Shape[2] : 0;
        }

        var stateSize = headDim <= 0 ? 0 : (int)(state.Length / ((long)heads * headDim));
        if (headDim > 0 && (stateSize == 0 || (long)heads * headDim * stateSize != state.Length))
        {
            throw new ArgumentException($"SsdScan: state {Shape(state)} is not [H={heads}, P={headDim}, N].", nameof(state));
        }

        if (stateSize > SsdMaxStateSize)
        {
            throw new ArgumentException($"SsdScan: state size {stateSize} exceeds the kernel's limit of {SsdMaxStateSize}.", nameof(state));
        }

        var groups = tokens == 0 || stateSize == 0 ? 1 : (int)(b.Length / ((long)tokens * stateSize));
        if (tokens > 0 && stateSize > 0 && (groups == 0 || heads % groups != 0 || (long)tokens * groups * stateSize != b.Length || c.Length != b.Length))
        {
            throw new ArgumentException($"SsdScan: B {Shape(b)} / C {Shape(c)} are not [T={tokens}, G, N={stateSize}] with G dividing H={heads}.", nameof(b));
        }

        var statePtr = F32Out(state, nameof(state));
        var result = NewActivation(ShapeOf(x));
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(x, nameof(x), scratch));
        args.Add(F32In(dt, nameof(dt), scratch));
        args.Add(F32In(a, nameof(a), scratch));
        args.Add(F32In(b, nameof(b), scratch));
        args.Add(F32In(c, nameof(c), scratch));
        args.Add(F32In(d, nameof(d), scratch));
        args.Add(statePtr);
        args.Add(tokens);
        args.Add(heads);
        args.Add(headDim);
        args.Add(groups);
        args.Add(stateSize);
        var warps = (long)heads * headDim;
        Launch("mamba", "ssd_scan", (uint)((warps * 32 + Threads - 1) / Threads), 1, Threads, 0, ref args);
        return result;
    }

    /// <inheritdoc />
    public Tensor ImplicitAttention(Tensor b, Tensor c, Tensor dt, Tensor a, ReadOnlySpan<int> queryRows, int colStart, int colCount, ImplicitVariant variant, ScoreTransform transform)
    {
        Enter();
        var heads = (int)a.Length;
        var tokens = dt.Rows;
        if (heads == 0 || dt.Width != heads)
        {
            throw new ArgumentException($"ImplicitAttention: dt {Shape(dt)} is not [T, H={heads}].", nameof(dt));
        }

        if (b.Length != c.Length || b.Shape.Length != 3 || b.Shape[0] != tokens)
        {
            throw new ArgumentException($"ImplicitAttention: B {Shape(b)} and C {Shape(c)} must both be [T={tokens}, G, N].", nameof(b));
        }

        int groups = b.Shape[1], stateSize = b.Shape[2];
        if (groups == 0 || heads % groups != 0)
        {
            throw new ArgumentException($"ImplicitAttention: {groups} groups do not divide {heads} heads.", nameof(b));
        }

        CheckIndices(queryRows, tokens, "ImplicitAttention", "query row");
        if (colStart < 0 || colCount < 0 || colStart + colCount > tokens)
        {
            throw new ArgumentOutOfRangeException(nameof(colCount), $"ImplicitAttention: key columns [{colStart}, {colStart + colCount}) exceed the {tokens} rows.");
        }

        var result = Zeros(colCount);
        if (colCount == 0 || queryRows.IsEmpty)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var dtp = F32In(dt, nameof(dt), scratch);
        var ap = F32In(a, nameof(a), scratch);
        nint cs = 0;
        if (variant == ImplicitVariant.Decay)
        {
            var block = Scratch((long)tokens * heads * 4);
            scratch.Add(block);
            cs = block.Pointer;
            var sum = default(KernelArguments);
            sum.Add(cs);
            sum.Add(dtp);
            sum.Add(tokens);
            sum.Add(heads);
            Launch("mamba", "cumsum_heads", (uint)((heads + 63) / 64), 1, 64, 0, ref sum);
        }

        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(b, nameof(b), scratch));
        args.Add(F32In(c, nameof(c), scratch));
        args.Add(dtp);
        args.Add(ap);
        args.Add(cs);
        args.Add(UploadScratch(queryRows, scratch).Pointer);
        args.Add(queryRows.Length);
        args.Add(colStart);
        args.Add(colCount);
        args.Add(heads);
        args.Add(groups);
        args.Add(stateSize);
        args.Add(variant == ImplicitVariant.Decay ? 1 : 0);
        args.Add(transform == ScoreTransform.Clamp ? 1 : 0);
        Launch("mamba", "implicit_attention", (uint)(((long)colCount * 32 + Threads - 1) / Threads), 1, Threads, 0, ref args);
        return result;
    }
}
