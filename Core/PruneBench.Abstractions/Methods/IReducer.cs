using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Abstractions.Methods;

/// <summary>
/// One reducer instance for one sample. It may keep state across the layers of that sample
/// (e.g. running scores indexed by <see cref="Tokens.TokenInfo.VisualIndex"/>).
/// The engine calls <see cref="SignalsAfter"/> for every layer ℓ = 0..L−1 in order, and
/// <see cref="Decide"/> right after any layer whose request was active. Layer −1 means "before the LLM".
/// </summary>
public interface IReducer
{
    /// <summary>Signals wanted after layer <paramref name="layer"/>; <see cref="SignalRequest.Nothing"/> for none.</summary>
    SignalRequest SignalsAfter(int layer);

    /// <summary>Decision to apply before layer <c>observation.Layer + 1</c>.</summary>
    ReductionDecision Decide(LayerObservation observation);
}
