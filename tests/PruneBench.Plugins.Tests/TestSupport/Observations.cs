using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>Hand-made observations for worked examples.</summary>
public static class Observations
{
    /// <summary>An observation of <paramref name="tokens"/> after <paramref name="layer"/> carrying <paramref name="scores"/>.</summary>
    public static LayerObservation WithScores(int layer, IReadOnlyList<TokenInfo> tokens, float[] scores, LayerKind kind = LayerKind.Attention)
    {
        var start = tokens.ToList().FindIndex(t => t.IsVisual);
        return new LayerObservation { Layer = layer, Kind = kind, Tokens = tokens, VisualStart = start, VisualCount = tokens.Count(t => t.IsVisual), Scores = scores };
    }
}
