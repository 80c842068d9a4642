using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.Pool;

/// <summary>VCC-style average pooling of visual tokens, once, before layer K.</summary>
internal sealed class PoolReducer(int decisionLayer, int keepCount, PoolAxis axis, int tokensPerFrame) : IReducer
{
    // The cheapest signal; pooling itself needs only the token metadata.
    private static readonly SignalRequest Request = new(SignalKinds.Decision);

    public SignalRequest SignalsAfter(int layer) => layer == decisionLayer ? Request : SignalRequest.Nothing;

    public ReductionDecision Decide(LayerObservation observation)
    {
        if (keepCount >= observation.VisualCount)
        {
            return ReductionDecision.None;
        }

        // Group key: the frame (spatial) or the patch position inside the frame (temporal). Current
        // visual tokens are frame-major, so members arrive in raster order (spatial) or frame order (temporal).
        var groups = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < observation.VisualCount; i++)
        {
            var token = observation.Visual(i);
            var key = axis == PoolAxis.Spatial ? token.Frame : token.VisualIndex % tokensPerFrame;
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }

            members.Add(i);
        }

        return PoolPlan.Build(groups.Values.ToList(), keepCount);
    }
}
