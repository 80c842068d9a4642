using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;

namespace SampleReducer;

/// <summary>One sample's reducer: after layer K−1 (layer −1 = before the LLM) keeps visual tokens 0, s, 2s, ….</summary>
public sealed class StrideReducer(int reduceBefore, int stride) : IReducer
{
    // The decision is taken after the layer preceding K; hidden states are the cheapest signal that
    // makes the engine call Decide there (the values themselves are not used).
    private static readonly SignalRequest Wake = new(SignalKinds.Decision); // metadata only, no tensor signal

    /// <inheritdoc />
    public SignalRequest SignalsAfter(int layer) => stride > 1 && layer == reduceBefore - 1 ? Wake : SignalRequest.Nothing;

    /// <inheritdoc />
    public ReductionDecision Decide(LayerObservation observation)
    {
        // Positions among the current visual tokens: 0, s, 2s, … (ascending, unique).
        var kept = new int[(observation.VisualCount + stride - 1) / stride];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = i * stride;
        }

        return ReductionDecision.Keep(kept);
    }
}
