using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Builtin.None;

/// <summary>
/// The unreduced baseline. A budget is accepted and ignored: the baseline is the reference every budget
/// sweep compares against, and its measured retention (1.0) is reported as measured.
/// </summary>
public sealed class NoneMethod : ReductionMethod<NoneParameters>
{
    public override string Name => "none";

    public override string Description => "Baseline: no reduction (the engine's unreduced path).";

    protected override NoneParameters Resolve(NoneParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model) => values;

    protected override IReducer CreateReducer(NoneParameters values, ModelShape model, SampleLayout sample, int seed) => NoneReducer.Instance;
}
