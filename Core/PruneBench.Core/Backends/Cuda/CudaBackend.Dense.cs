using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Core.Backends.Cuda.Memory;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>Embedding, GEMM, norms, elementwise ops, RoPE.</summary>
public sealed partial class CudaBackend
{
    /// <inheritdoc />
    public Tensor Embedding(Tensor table, ReadOnlySpan<int> ids)
    {
        Enter();
        CheckIndices(ids, table.Rows, "Embedding", "token id");
        return Gather(table, ids, [ids.Length, table.Width]);
    }

    /// <inheritdoc />
    public unsafe Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        Enter();
        var inFeatures = weight.Width;
        var outFeatures = weight.Rows;
        if (x.Width != inFeatures)
        {
            throw new ArgumentException($"Linear: input {Shape(x)} has width {x.Width} but weight {Shape(weight)} expects {inFeatures}.", nameof(x));
        }

        if (bias is not null && bias.Length != outFeatures)
        {
            throw new ArgumentException($"Linear: bias {Shape(bias)} does not match {outFeatures} outputs of weight {Shape(weight)}.", nameof(bias));
        }

        var rows = x.Rows;
        var result = NewActivation(rows, outFeatures);
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var xb = Bf16Operand(x, nameof(x), scratch);
        var wb = Bf16Operand(weight, nameof(weight), scratch);
        if (inFeatures == 0)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuMemsetD8Async(Ptr(result, "result"), 0, (nuint)(result.Length * 4), Stream));
        }
        else
        {
            // Row-major Y[T, out] = X[T, in] · Wᵀ is column-major Yᵀ[out, T] = (W as col-major [in, out])ᵀ · (X as col-major [in, T]).
            float alpha = 1, beta = 0;
            CudaStatus.ThrowIfFailed(Cublas.cublasGemmEx(
                _cublas.DangerousGetHandle(), Cublas.OpT, Cublas.OpN, outFeatures, rows, inFeatures,
                &alpha, wb, Cublas.DataBF16, inFeatures,
                xb, Cublas.DataBF16, inFeatures,
                &beta, Ptr(result, "result"), Cublas.DataF32, outFeatures,
                Cublas.Compute32F, Cublas.GemmDefault));
            if (SynchronizeAfterEachOp)
            {
                CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize() after cublasGemmEx");
            }
        }

        if (bias is not null)
        {
            var args = default(KernelArguments);
            args.Add(Ptr(result, "result"));
            args.Add(Ptr(bias, nameof(bias)));
            args.Add(bias.DType == DType.BF16 ? 1 : 0);
            args.Add(result.Length);
            args.Add(outFeatures);
            LaunchElementwise("elementwise", "add_bias_rows", result.Length, ref args);
        }

        return result;
    }

    /// <inheritdoc />
    public Tensor RmsNorm(Tensor x, Tensor weight, float eps)
    {
        Enter();
        if (weight.Length != x.Width)
        {
            throw new ArgumentException($"RmsNorm: weight {Shape(weight)} does not match width {x.Width} of {Shape(x)}.", nameof(weight));
        }

        var result = NewActivation(ShapeOf(x));
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(x, nameof(x), scratch));
        args.Add(F32In(weight, nameof(weight), scratch));
        args.Add(x.Width);
        args.Add(eps);
        Launch("norm", "rms_norm", (uint)x.Rows, 1, Threads, 0, ref args);
        return result;
    }

    /// <inheritdoc />
    public Tensor GatedRmsNorm(Tensor x, Tensor gate, Tensor weight, int groupSize, float eps)
    {
        Enter();
        var width = x.Width;
        if (gate.Length != x.Length || gate.Width != width)
        {
            throw new ArgumentException($"GatedRmsNorm: gate {Shape(gate)} does not match x {Shape(x)}.", nameof(gate));
        }

        if (weight.Length != width)
        {
            throw new ArgumentException($"GatedRmsNorm: weight {Shape(weight)} does not match width {width} of {Shape(x)}.", nameof(weight));
        }

        if (groupSize <= 0 || width % groupSize != 0)
        {
            throw new ArgumentException($"GatedRmsNorm: group size {groupSize} does not divide width {width}.", nameof(groupSize));
        }

        var result = NewActivation(ShapeOf(x));
        if (result.Length == 0)
        {
            return result;
        }

        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(x, nameof(x), scratch));
        args.Add(F32In(gate, nameof(gate), scratch));
        args.Add(F32In(weight, nameof(weight), scratch));
        args.Add(width);
        args.Add(groupSize);
        args.Add(eps);
        Launch("norm", "gated_rms_norm", (uint)x.Rows, (uint)(width / groupSize), Threads, 0, ref args);
        return result;
    }

    /// <inheritdoc />
    public void Add(Tensor x, Tensor y)
    {
        Enter();
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Add: {Shape(x)} and {Shape(y)} differ in size.", nameof(y));
        }

        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(F32Out(x, nameof(x)));
        args.Add(F32In(y, nameof(y), scratch));
        args.Add(x.Length);
        LaunchElementwise("elementwise", "add_inplace", x.Length, ref args);
    }

    /// <inheritdoc />
    /// <remarks>The add in place on x, then the compaction (the Torch backend is the fast path; this one stays simple).</remarks>
    public Tensor AddCompactRows(Tensor x, Tensor y, Tensor kept, int start, int count)
    {
        Add(x, y);
        return CompactRows(x, kept, start, count);
    }

    /// <inheritdoc />
    public Tensor SwiGlu(Tensor gate, Tensor up)
    {
        Enter();
        if (gate.Length != up.Length)
        {
            throw new ArgumentException($"SwiGlu: gate {Shape(gate)} and up {Shape(up)} differ in size.", nameof(up));
        }

        var result = NewActivation(ShapeOf(gate));
        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(gate, nameof(gate), scratch));
        args.Add(F32In(up, nameof(up), scratch));
        args.Add(result.Length);
        LaunchElementwise("elementwise", "swiglu", result.Length, ref args);
        return result;
    }

    /// <inheritdoc />
    public Tensor Relu2(Tensor x)
    {
        Enter();
        var result = NewActivation(ShapeOf(x));
        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(Ptr(result, "result"));
        args.Add(F32In(x, nameof(x), scratch));
        args.Add(result.Length);
        LaunchElementwise("elementwise", "relu2", result.Length, ref args);
        return result;
    }

    /// <inheritdoc />
    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, Tensor positions)
    {
        Enter();
        if (x.Shape.Length != 3)
        {
            throw new ArgumentException($"Rope: x must be [T, heads, d], got {Shape(x)}.", nameof(x));
        }

        int tokens = x.Shape[0], heads = x.Shape[1], d = x.Shape[2];
        if (d % 2 != 0 || invFreq.Length != d / 2)
        {
            throw new ArgumentException($"Rope: head size {d} needs {d / 2} inverse frequencies, got {invFreq.Length}.", nameof(invFreq));
        }

        if (positions.Length != tokens)
        {
            throw new ArgumentException($"Rope: {positions.Length} positions for {tokens} rows of {Shape(x)}.", nameof(positions));
        }

        var xp = F32Out(x, nameof(x));
        var n = (long)tokens * heads * (d / 2);
        if (n == 0)
        {
            return;
        }

        using var scratch = new ScratchBlocks();
        var args = default(KernelArguments);
        args.Add(xp);
        args.Add(UploadScratch(invFreq, scratch).Pointer);
        args.Add(F32In(positions, nameof(positions), scratch));
        args.Add((long)tokens);
        args.Add(heads);
        args.Add(d);
        LaunchElementwise("rope", "rope", n, ref args);
    }

    /// <summary>Device pointer of <paramref name="t"/> as bf16 (GEMM operand): weights as stored, fp32 activations rounded into a scratch block.</summary>
    private nint Bf16Operand(Tensor t, string role, ScratchBlocks scratch)
    {
        var p = Ptr(t, role);
        if (t.DType == DType.BF16)
        {
            return p;
        }

        var narrow = Scratch(t.Length * 2);
        scratch.Add(narrow);
        var args = default(KernelArguments);
        args.Add(narrow.Pointer);
        args.Add(p);
        args.Add(t.Length);
        LaunchElementwise("elementwise", "f32_to_bf16_copy", t.Length, ref args);
        return narrow.Pointer;
    }
}
