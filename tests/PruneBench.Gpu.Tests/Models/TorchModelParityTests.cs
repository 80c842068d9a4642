using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// <see cref="ModelParityTests"/> on the Torch backend in fp32 mode, against the fp32 CPU engine: no bf16
/// rounding on either side, so only fp32 summation order and libm differ. A fixture's dot products have
/// k ≤ 128 terms (hidden 64, MLP 128): ≈ √k · 2⁻²⁴ ≈ 7e-7 relative per op for random-sign rounding, ≤ 10 ops in
/// series per layer over ≤ 7 layers adding in quadrature to ≈ 6e-6; softmax and the SSD's exp(Σ A·dt) pass
/// relative errors through with gain ≈ |logit|, a few units here. <see cref="Fp32Tolerance"/> = 1e-4 sits an
/// order of magnitude above that; unlike bf16 there are no rounding-boundary flips to cascade.
/// </summary>
public sealed class TorchModelParityTests(TorchFixture fixture) : ModelParityTests(fixture)
{
    private const float Fp32Tolerance = 1e-4f;

    protected override IBackend CreateReference() => new CpuBackend();

    protected override float ReferenceTolerance => Fp32Tolerance;
}
