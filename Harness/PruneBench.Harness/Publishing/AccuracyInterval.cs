namespace PruneBench.Harness.Publishing;

/// <summary>
/// An accuracy with its sample count and 95% Wilson score interval (Wilson, 1927), which stays inside
/// [0, 1] and is honest at 0% and 100%, where the normal approximation collapses to a width of zero.
/// Issue 14 part 2 adds the harness-wide statistics; the site switches to them when they land.
/// </summary>
/// <param name="Correct">Correct samples.</param>
/// <param name="Samples">Samples, n ≥ 1.</param>
/// <param name="Low">Lower end of the 95% interval.</param>
/// <param name="High">Upper end of the 95% interval.</param>
public sealed record AccuracyInterval(int Correct, int Samples, double Low, double High)
{
    /// <summary>z of a two-sided 95% interval.</summary>
    private const double Z = 1.959963984540054;

    /// <summary>Correct / samples.</summary>
    public double Accuracy => Correct / (double)Samples;

    /// <summary>The Wilson interval of <paramref name="correct"/> out of <paramref name="samples"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">samples &lt; 1 or correct outside 0..samples.</exception>
    public static AccuracyInterval Wilson(int correct, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (correct < 0 || correct > samples)
        {
            throw new ArgumentOutOfRangeException(nameof(correct), correct, $"Correct must be in 0..{samples}.");
        }

        double n = samples, p = correct / n, z2 = Z * Z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = Z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new AccuracyInterval(correct, samples, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Pools results rows' accuracies (each the mean of its n samples) into one interval.</summary>
    /// <param name="rows">(accuracy, n) of each row.</param>
    public static AccuracyInterval Pool(IEnumerable<(double Accuracy, int Samples)> rows)
    {
        var list = rows.ToArray();
        // accuracy × n is a whole count written with float noise; rounding recovers it.
        return Wilson(list.Sum(r => (int)Math.Round(r.Accuracy * r.Samples)), list.Sum(r => r.Samples));
    }
}
