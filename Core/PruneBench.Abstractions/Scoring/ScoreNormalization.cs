namespace PruneBench.Abstractions.Scoring;

/// <summary>
/// Scores of different layers live on different scales (query vs implicit attention, deep vs shallow),
/// so every method that compares or combines layers first divides by the layer's sum over visual tokens
/// (METHODS.md, "Score signals").
/// </summary>
public static class ScoreNormalization
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

    /// <summary>
    /// Folds a layer's score into a running score, in place: running ← β·running + (1 − β)·share, share =
    /// <see cref="Shares"/>(current) rounded to fp32; β = 0 overwrites (the running score's old values are not
    /// read, so it may start uninitialised). The engines' device op computes exactly this.
    /// </summary>
    /// <param name="running">[n] running score of the current visual tokens.</param>
    /// <param name="current">[n] this layer's score.</param>
    /// <param name="beta">β ∈ [0, 1].</param>
    public static void Blend(Span<float> running, ReadOnlySpan<float> current, float beta)
    {
        if (running.Length != current.Length)
        {
            throw new ArgumentException($"Blend: running score has {running.Length} entries, the layer's score {current.Length}.", nameof(current));
        }

        var shares = Shares(current);
        for (var i = 0; i < running.Length; i++)
        {
            var share = (float)shares[i];
            running[i] = beta == 0 ? share : (beta * running[i]) + ((1 - beta) * share);
        }
    }
}
