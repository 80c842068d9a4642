namespace PruneBench.Abstractions.Signals;

/// <summary>What a reducer wants computed after one layer.</summary>
/// <param name="Kinds">Which signals; <see cref="SignalKinds.None"/> means "no decision after this layer".</param>
/// <param name="Queries">Query set Q for score signals.</param>
/// <param name="Implicit">Implicit-attention variant on Mamba2 layers.</param>
/// <param name="Transform">Sign handling of implicit attention.</param>
/// <param name="Heads">Head aggregation of query attention.</param>
/// <param name="ProportionalAttention">
/// From this layer on, add log(size) of each merged key to attention logits (ToMe's proportional
/// attention), so a token standing for s originals weighs like s of them. Sticky for the rest of the run.
/// </param>
public sealed record SignalRequest(
    SignalKinds Kinds,
    QuerySelection Queries = QuerySelection.SuffixText,
    ImplicitVariant Implicit = ImplicitVariant.NoDecay,
    ScoreTransform Transform = ScoreTransform.Abs,
    HeadAggregation Heads = HeadAggregation.Mean,
    bool ProportionalAttention = false)
{
    /// <summary>No signal and no decision after this layer.</summary>
    public static SignalRequest Nothing { get; } = new(SignalKinds.None);

    /// <summary>True when the reducer wants to be called after this layer.</summary>
    public bool IsActive => Kinds != SignalKinds.None;
}
