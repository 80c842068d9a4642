namespace PruneBench.Abstractions.Signals;

/// <summary>Per-head, per-query attention probabilities to the current visual tokens.</summary>
/// <param name="Probabilities">[Heads × Queries × visual tokens], row-major.</param>
/// <param name="Heads">Query heads.</param>
/// <param name="Queries">|Q|, the query rows.</param>
public sealed record AttentionSignal(float[] Probabilities, int Heads, int Queries);
