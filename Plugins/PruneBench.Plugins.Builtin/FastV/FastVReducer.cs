using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.FastV;

/// <summary>Keeps the top ⌈ratio·N_v⌉ visual tokens by the score of one layer, once.</summary>
internal sealed class FastVReducer(int decisionLayer, int keepCount, QuerySelection queries) : IReducer
{
    private readonly SignalRequest _request = new(SignalKinds.Score, queries);

    public SignalRequest SignalsAfter(int layer) => layer == decisionLayer ? _request : SignalRequest.Nothing;

    public ReductionDecision Decide(LayerObservation observation)
    {
        if (keepCount >= observation.VisualCount)
        {
            return ReductionDecision.None;
        }

        var scores = observation.Scores
            ?? throw new InvalidOperationException($"fastv: layer {observation.Layer} ({observation.Kind}) delivered no score.");
        return ReductionDecision.Keep(TopKSelection.Ascending(scores, keepCount));
    }
}
