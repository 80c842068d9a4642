using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Abstractions.Scoring;

/// <summary>
/// The score a <see cref="ScorePruningMethod{TParameters}"/> wants after one layer, and how it enters the running
/// score the engine keeps per visual token: s ← β·s + (1 − β)·share, where share is the new score divided by its sum
/// over the current visual tokens (<see cref="ScoreNormalization.Shares"/>) and β = <see cref="Blend"/>. The first
/// score of a sample sets s = share. Build one with the factory methods.
/// </summary>
/// <param name="Signal">What to compute.</param>
/// <param name="Queries">Query set Q of attention and implicit attention.</param>
/// <param name="Heads">Head aggregation of query attention.</param>
/// <param name="Implicit">Implicit-attention variant.</param>
/// <param name="Transform">Sign handling of implicit attention.</param>
/// <param name="Blend">EMA weight β ∈ [0, 1] of the previous running score; 0 = this layer's score only.</param>
public sealed record ScoreRequest(
    ScoreSignal Signal,
    QuerySelection Queries = QuerySelection.SuffixText,
    HeadAggregation Heads = HeadAggregation.Mean,
    ImplicitVariant Implicit = ImplicitVariant.NoDecay,
    ScoreTransform Transform = ScoreTransform.Abs,
    double Blend = 0)
{
    /// <summary>Keep the running score (no new signal).</summary>
    public static ScoreRequest Previous { get; } = new(ScoreSignal.Previous);

    /// <summary>Query attention of an attention layer.</summary>
    public static ScoreRequest QueryAttention(QuerySelection queries = QuerySelection.SuffixText, HeadAggregation heads = HeadAggregation.Mean, double blend = 0) =>
        new(ScoreSignal.QueryAttention, queries, heads, Blend: blend);

    /// <summary>Implicit attention of a Mamba layer.</summary>
    public static ScoreRequest ImplicitAttention(QuerySelection queries = QuerySelection.SuffixText, ImplicitVariant variant = ImplicitVariant.NoDecay,
        ScoreTransform transform = ScoreTransform.Abs, double blend = 0) =>
        new(ScoreSignal.ImplicitAttention, queries, Implicit: variant, Transform: transform, Blend: blend);

    /// <summary>Inverse key norm of an attention layer.</summary>
    public static ScoreRequest InverseKeyNorm(double blend = 0) => new(ScoreSignal.InverseKeyNorm, Blend: blend);

    /// <summary>Seeded uniform noise.</summary>
    public static ScoreRequest Random { get; } = new(ScoreSignal.Random);

    /// <summary>
    /// The layer's own mixer score (the unified scoring of METHODS.md): query attention on attention layers, implicit
    /// attention on Mamba layers, <see cref="Previous"/> on MLP layers.
    /// </summary>
    public static ScoreRequest OfMixer(LayerKind kind, QuerySelection queries = QuerySelection.SuffixText, ImplicitVariant variant = ImplicitVariant.NoDecay,
        ScoreTransform transform = ScoreTransform.Abs, double blend = 0) => kind switch
        {
            LayerKind.Attention => QueryAttention(queries, blend: blend),
            LayerKind.Mamba => ImplicitAttention(queries, variant, transform, blend),
            _ => Previous,
        };

    /// <summary>Null when a layer of <paramref name="kind"/> (null: before the LLM) can give this signal, else why not.</summary>
    public string? ProblemAt(LayerKind? kind) => Signal switch
    {
        ScoreSignal.Previous or ScoreSignal.Random => null,
        ScoreSignal.QueryAttention or ScoreSignal.InverseKeyNorm when kind == LayerKind.Attention => null,
        ScoreSignal.ImplicitAttention when kind == LayerKind.Mamba => null,
        _ => $"it asks for {Signal}, which {(kind is { } k ? $"a {k} layer" : "the input embeddings (before the LLM)")} cannot give"
             + (Signal == ScoreSignal.ImplicitAttention ? " (only Mamba layers have implicit attention)" : " (only attention layers have queries and keys)"),
    };
}
