using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>What <see cref="DecisionDriver"/> observed.</summary>
/// <param name="VisualPerLayer">[L] visual tokens entering each layer.</param>
/// <param name="SurvivorsPerLayer">[L] original visual indices entering each layer, in sequence order.</param>
/// <param name="Decisions">Every non-None decision with the layer after which it was made.</param>
/// <param name="FinalTokens">The sequence entering the last layer.</param>
/// <param name="VisualCount">N_v.</param>
public sealed record DriverRun(
    int[] VisualPerLayer,
    int[][] SurvivorsPerLayer,
    IReadOnlyList<(int Layer, ReductionDecision Decision)> Decisions,
    IReadOnlyList<TokenInfo> FinalTokens,
    int VisualCount)
{
    /// <summary>Mean over layers of visual tokens entering / N_v.</summary>
    public double MeanRetention => VisualPerLayer.Average() / VisualCount;

    /// <summary>Layers after which the visual count fell, as the engine's trace reports them ("2", "0-11").</summary>
    public string ReducedAfter => PruneBench.Core.Engine.LayerRanges.Format(
        [.. Enumerable.Range(-1, VisualPerLayer.Length).Where(l => l + 1 < VisualPerLayer.Length && VisualPerLayer[l + 1] < (l < 0 ? VisualCount : VisualPerLayer[l]))]);
}
