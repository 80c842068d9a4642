using PruneBench.Core.Backends.Cuda.Compilation;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = PruneBench.Core.Tensors.Tensor;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>Embedding, projections, norms and elementwise ops: libtorch composites, norms in fp32.</summary>
public sealed partial class TorchBackend
{
    /// <inheritdoc />
    public Tensor Embedding(Tensor table, ReadOnlySpan<int> ids)
    {
        using var op = Op(nameof(Embedding));
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)table.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"Embedding: token id {id} outside the vocabulary [0, {table.Rows}).");
            }
        }

        return GatherRows(table, ids);
    }

    /// <inheritdoc />
    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        using var op = Op(nameof(Linear));
        if (weight.Width != x.Width)
        {
            throw new ArgumentException($"Linear: x width {x.Width} does not match weight {weight}.");
        }

        using var scope = torch.NewDisposeScope();
        // cuBLAS bf16 GEMM with fp32 accumulation (libtorch's default for bf16 inputs).
        var input = In(x).reshape(x.Rows, x.Width).to_type(ComputeType);
        return Wrap(nn.functional.linear(input, In(weight), bias is null ? null : In(bias)));
    }

    /// <inheritdoc />
    public Tensor RmsNorm(Tensor x, Tensor weight, float eps)
    {
        using var op = Op(nameof(RmsNorm));
        using var scope = torch.NewDisposeScope();
        if (_fused && x.Rows > 0)
        {
            var xin = In(x).reshape(x.Rows, x.Width).to_type(ComputeType).contiguous();
            var w = In(weight).to_type(ComputeType).contiguous();
            var y = torch.empty([x.Rows, x.Width], ComputeType, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(y));
            args.Add(TorchKernels.Ptr(xin));
            args.Add(TorchKernels.Ptr(w));
            args.Add(x.Width);
            args.Add(eps);
            _kernels!.Launch("t_rms_norm", ComputeType, (uint)x.Rows, 1, TorchKernels.Block, 0, ref args);
            return Wrap(y);
        }

        var xf = In(x).reshape(x.Rows, x.Width).to_type(ScalarType.Float32);
        return Wrap(Normalise(xf, eps).to_type(ComputeType).mul_(In(weight)));
    }

    /// <inheritdoc />
    public Tensor GatedRmsNorm(Tensor x, Tensor gate, Tensor weight, int groupSize, float eps)
    {
        using var op = Op(nameof(GatedRmsNorm));
        var (t, width) = (x.Rows, x.Width);
        if (gate.Rows != t || gate.Width != width || width % groupSize != 0)
        {
            throw new ArgumentException($"GatedRmsNorm: x {x}, gate {gate}, group {groupSize} mismatch.");
        }

        using var scope = torch.NewDisposeScope();
        var xv = In(x).reshape(t, width).to_type(ComputeType);
        var gv = In(gate).reshape(t, width).to_type(ComputeType);
        if (_fused && t > 0 && xv.stride(1) == 1 && gv.stride(1) == 1)
        {
            // Rows of x and gate may be column slices of the in-projection: passed with their row strides, not copied.
            var w = In(weight).to_type(ComputeType).contiguous();
            var y = torch.empty([t, width], ComputeType, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(y));
            args.Add(TorchKernels.Ptr(xv));
            args.Add(xv.stride(0));
            args.Add(TorchKernels.Ptr(gv));
            args.Add(gv.stride(0));
            args.Add(TorchKernels.Ptr(w));
            args.Add(width);
            args.Add(groupSize);
            args.Add(eps);
            _kernels!.Launch("t_gated_rms_norm", ComputeType, (uint)t, (uint)(width / groupSize), TorchKernels.Block, 0, ref args);
            return Wrap(y);
        }

        // As transformers' MambaRMSNormGated: h = x·silu(z) in fp32, normalised per group, rounded, times weight.
        var h = In(x).reshape(t, width).to_type(ScalarType.Float32) * nn.functional.silu(In(gate).reshape(t, width).to_type(ScalarType.Float32));
        var normed = Normalise(h.view(t, width / groupSize, groupSize), eps).view(t, width);
        return Wrap(normed.to_type(ComputeType).mul_(In(weight)));
    }

    /// <summary>x / sqrt(mean(x², last dim) + eps), fp32.</summary>
    private static TT Normalise(TT xf, float eps) =>
        xf * xf.square().mean([-1L], keepdim: true).add_(eps).rsqrt_();

    /// <inheritdoc />
    public void Add(Tensor x, Tensor y)
    {
        using var op = Op(nameof(Add));
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Add: {x} and {y} differ in size.");
        }

        using var scope = torch.NewDisposeScope();
        var target = InPlace(x);
        target.add_(In(y).reshape(target.shape).to_type(target.dtype));
    }

    /// <inheritdoc />
    public Tensor SwiGlu(Tensor gate, Tensor up)
    {
        using var op = Op(nameof(SwiGlu));
        using var scope = torch.NewDisposeScope();
        var g = In(gate);
        return Wrap(nn.functional.silu(g).mul_(In(up).to_type(g.dtype)));
    }

    /// <inheritdoc />
    public Tensor Relu2(Tensor x)
    {
        using var op = Op(nameof(Relu2));
        using var scope = torch.NewDisposeScope();
        var r = In(x).relu();
        return Wrap(r.mul_(r));
    }

    /// <inheritdoc />
    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, ReadOnlySpan<int> positions)
    {
        using var op = Op(nameof(Rope));
        var (t, heads, d) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        if (positions.Length != t || invFreq.Length * 2 != d)
        {
            throw new ArgumentException($"Rope: {positions.Length} positions for {t} rows, {invFreq.Length} frequencies for head size {d}.");
        }

        using var scope = torch.NewDisposeScope();
        var target = InPlace(x); // [T, heads, d]
        if (_fused && t > 0 && (target.dtype == ScalarType.Float32 || target.dtype == ScalarType.BFloat16))
        {
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(target));
            args.Add(TorchKernels.Ptr(_ropePositions.Get(positions)));
            args.Add(TorchKernels.Ptr(_ropeFrequencies.Get(invFreq)));
            args.Add(t);
            args.Add(heads);
            args.Add(d);
            _kernels!.Launch("t_rope", target.dtype, (uint)t, 1, TorchKernels.Block, (uint)(d * sizeof(float)), ref args);
            return;
        }

        // Angles in fp32 as transformers: position · invFreq; cos/sin rounded to the activation type.
        var pos = torch.tensor(Array.ConvertAll(positions.ToArray(), p => (float)p), ScalarType.Float32, _device).unsqueeze(1); // [T, 1]
        var freq = torch.tensor(invFreq.ToArray(), ScalarType.Float32, _device).unsqueeze(0);                                // [1, d/2]
        var angles = pos * freq;                                                                                               // [T, d/2]
        var cos = angles.cos().to_type(target.dtype).unsqueeze(1);                                                             // [T, 1, d/2]
        var sin = angles.sin().to_type(target.dtype).unsqueeze(1);
        var half = d / 2;
        var x1 = target.narrow(2, 0, half);
        var x2 = target.narrow(2, half, half);
        // rotate-half: (x1, x2) → (x1·cos − x2·sin, x2·cos + x1·sin)
        var r1 = x1 * cos - x2 * sin;
        var r2 = x2 * cos + x1 * sin;
        x1.copy_(r1);
        x2.copy_(r2);
    }
}
