namespace PruneBench.Harness.Statistics;

/// <summary>A two-sided confidence interval [Low, High].</summary>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public sealed record Interval(double Low, double High)
{
    /// <summary>True when the two intervals share no point.</summary>
    public bool IsDisjointFrom(Interval other) => High < other.Low || other.High < Low;
}
