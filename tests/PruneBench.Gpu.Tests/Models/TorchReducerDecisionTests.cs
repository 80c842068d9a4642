using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// <see cref="ReducerDecisionTests"/> on the Torch backend in fp32 mode against the fp32 CPU engine. Ranked values
/// within 1e-3 of their max: the hidden states agree within 1e-4 (<see cref="TorchModelParityTests"/>), and an
/// attention probability's relative error is its logit's absolute error, i.e. 1e-4 × |logit| with logits of a
/// few units here; pair similarities are cosines of those hidden states (error ≲ 2e-4).
/// </summary>
public sealed class TorchReducerDecisionTests(TorchFixture fixture) : ReducerDecisionTests(fixture)
{
    protected override IBackend CreateReference() => new CpuBackend();

    protected override float SignalTolerance => 1e-3f;
}
