using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.Random;

/// <summary>Keeps a uniformly random subset of ⌈ratio·N_v⌉ visual tokens once, before layer K.</summary>
internal sealed class RandomReducer(int decisionLayer, int keepCount, int seed) : IReducer
{
    // Hidden states are the cheapest signal and the only one that exists before the LLM (layer −1);
    // asking for one is how a reducer says "call me after this layer".
    private static readonly SignalRequest Request = new(SignalKinds.Decision);

    public SignalRequest SignalsAfter(int layer) => layer == decisionLayer ? Request : SignalRequest.Nothing;

    public ReductionDecision Decide(LayerObservation observation)
    {
        var n = observation.VisualCount;
        if (keepCount >= n)
        {
            return ReductionDecision.None;
        }

        // Partial Fisher–Yates: the first keepCount slots are a uniform sample without replacement.
        var rng = new System.Random(seed);
        var pool = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < keepCount; i++)
        {
            var j = rng.Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        var kept = pool[..keepCount];
        Array.Sort(kept);
        return ReductionDecision.Keep(kept);
    }
}
