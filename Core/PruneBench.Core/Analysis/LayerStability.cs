namespace PruneBench.Core.Analysis;

/// <summary>Cross-layer stability of the token ranking at one layer (the paper's Figure 1, top).</summary>
/// <param name="Layer">Layer ℓ.</param>
/// <param name="TauToPrevious">τ_b against the previous scored layer, over tokens scored in both; NaN when undefined.</param>
/// <param name="TauToLast">τ_b against the last scored layer; NaN when undefined.</param>
/// <param name="TopKToPrevious">Top-k overlap against the previous scored layer; NaN when undefined.</param>
public sealed record LayerStability(int Layer, double TauToPrevious, double TauToLast, double TopKToPrevious);
