namespace PruneBench.Plugins.Builtin.Common;

/// <summary>
/// Scores of different layers live on different scales (query vs implicit attention, deep vs shallow),
/// so every method that compares or combines layers first divides by the layer's sum over visual tokens
/// (METHODS.md, "Score signals").
/// </summary>
internal static class ScoreNormalization
{
    /// <summary>
    /// s_j / Σ s. A layer whose scores sum to zero (or are not finite) carries no preference and becomes
    /// uniform, so later layers decide instead of an arbitrary tie rule.
    /// </summary>
    public static double[] Shares(ReadOnlySpan<float> scores)
    {
        var shares = new double[scores.Length];
        double sum = 0;
        foreach (var s in scores)
        {
            sum += s;
        }

        if (!(sum > 0) || !double.IsFinite(sum))
        {
            Array.Fill(shares, scores.Length == 0 ? 0 : 1.0 / scores.Length);
            return shares;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            shares[i] = scores[i] / sum;
        }

        return shares;
    }
}
