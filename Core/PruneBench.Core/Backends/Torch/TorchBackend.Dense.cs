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
            // bf16 model widths (1 024–8 192, % 8): 16-byte rows, read once (t_rms_norm8_bf16). Narrow rows (per-head q/k
            // norms) keep one element per thread: a block per 128-wide row would be mostly idle either way.
            if (ComputeType == ScalarType.BFloat16 && x.Width % 8 == 0 && x.Width is >= 1024 and <= TorchKernels.RmsNorm8MaxWidth
                && TorchKernels.Aligned16(xin, w, y))
            {
                _kernels!.LaunchFromFile(TorchKernels.File, "t_rms_norm8_bf16", (uint)x.Rows, 1, TorchKernels.Block, 0, ref args);
            }
            else
            {
                _kernels!.Launch("t_rms_norm", ComputeType, (uint)x.Rows, 1, TorchKernels.Block, 0, ref args);
            }

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
            var vectors = groupSize / 8;
            if (ComputeType == ScalarType.BFloat16 && groupSize % 8 == 0 && vectors <= TorchKernels.GatedNorm8MaxVectors
                && xv.stride(0) % 8 == 0 && gv.stride(0) % 8 == 0 && TorchKernels.Aligned16(xv, gv, w, y))
            {
                // A block sized to the group, a multiple of 32 threads (1 280 columns: 160), each thread ≤ 2 vectors.
                var block = (uint)Math.Min((int)TorchKernels.Block, (vectors + 31) / 32 * 32);
                _kernels!.LaunchFromFile(TorchKernels.File, "t_gated_rms_norm8_bf16", (uint)t, (uint)(width / groupSize), block, 0, ref args);
            }
            else
            {
                _kernels!.Launch("t_gated_rms_norm", ComputeType, (uint)t, (uint)(width / groupSize), TorchKernels.Block, 0, ref args);
            }

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
        var xin = In(x);
        var n = xin.numel();
        if (_fused && ComputeType == ScalarType.BFloat16 && xin.dtype == ScalarType.BFloat16 && xin.is_contiguous() && n > 0 && n % 8 == 0
            && TorchKernels.Aligned16(xin))
        {
            // One pass, 16 bytes per access (relu then mul_ is two passes over [T, 4·hidden]).
            var y = torch.empty_like(xin);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(y));
            args.Add(TorchKernels.Ptr(xin));
            args.Add(n);
            _kernels!.LaunchFromFile(TorchKernels.File, "t_relu2_8_bf16", _kernels.StrideBlocks(n / 8), 1, TorchKernels.Block, 0, ref args);
            return Wrap(y);
        }

        var r = xin.relu();
        return Wrap(r.mul_(r));
    }

    /// <inheritdoc />
    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, Tensor positions)
    {
        using var op = Op(nameof(Rope));
        var (t, heads, d) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        if (positions.Length != t || invFreq.Length * 2 != d)
        {
            throw new ArgumentException($"Rope: {positions.Length} positions for {t} rows, {invFreq.Length} frequencies for head size {d}.");
        }

        using var scope = torch.NewDisposeScope();
        var target = InPlace(x); // [T, heads, d]
        var pos = In(positions).reshape(t).to_type(ScalarType.Float32).contiguous(); // [T] integer ids, fp32 as FromHost keeps them
        if (_fused && t > 0 && (target.dtype == ScalarType.Float32 || target.dtype == ScalarType.BFloat16))
        {
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(target));
            args.Add(TorchKernels.Ptr(pos));
            args.Add(TorchKernels.Ptr(_ropeFrequencies.Get(invFreq)));
            args.Add(t);
            args.Add(heads);
            args.Add(d);
            _kernels!.Launch("t_rope", target.dtype, (uint)t, 1, TorchKernels.Block, (uint)(d * sizeof(float)), ref args);
            return;
        }

        // Angles in fp32 as transformers: position · invFreq; cos/sin rounded to the activation type.
        var freq = torch.tensor(invFreq.ToArray(), ScalarType.Float32, _device).unsqueeze(0);                                // [1, d/2]
        var angles = pos.unsqueeze(1) * freq;                                                                                  // [T, d/2]
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
