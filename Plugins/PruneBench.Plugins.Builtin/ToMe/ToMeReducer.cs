using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.ToMe;

/// <summary>
/// Merges visual tokens after each of the first N layers so that the count entering every layer follows
/// the planned schedule. Similarity uses head-mean keys on attention layers and hidden states elsewhere.
/// </summary>
internal sealed class ToMeReducer(ModelShape model, int mergeLayers, RetentionSchedule schedule, int visualCount, bool proportionalAttention) : IReducer
{
    private readonly SignalRequest _keysRequest = new(SignalKinds.Keys, ProportionalAttention: proportionalAttention);
    private readonly SignalRequest _hiddenRequest = new(SignalKinds.Hidden, ProportionalAttention: proportionalAttention);

    public SignalRequest SignalsAfter(int layer) =>
        layer < 0 || layer >= mergeLayers ? SignalRequest.Nothing
        : model.Layers[layer] == LayerKind.Attention ? _keysRequest
        : _hiddenRequest;

    public ReductionDecision Decide(LayerObservation observation)
    {
        var current = observation.VisualCount;
        var target = schedule.Count(observation.Layer + 1, visualCount);
        if (target >= current)
        {
            return ReductionDecision.None;
        }

        var features = observation.Keys ?? observation.Hidden
            ?? throw new InvalidOperationException($"tome: layer {observation.Layer} ({observation.Kind}) delivered neither keys nor hidden states.");
        var (sources, targets) = BipartiteMatching.Match(features.Values, features.Width, current, current - target);
        return sources.Length == 0 ? ReductionDecision.None : ReductionDecision.Merge(sources, targets);
    }
}
