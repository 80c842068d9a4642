using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Separation;

/// <summary>One method setting at the tested budget, pooled over the tasks and slices of one model and benchmark.</summary>
/// <param name="Method">Method name.</param>
/// <param name="MethodParams">Resolved parameters.</param>
/// <param name="Correct">Samples answered correctly.</param>
/// <param name="Samples">Samples (n).</param>
/// <param name="Interval">95 % Wilson interval of the accuracy.</param>
/// <param name="VsBaseline">Paired against the baseline; null without predictions.</param>
/// <param name="VsRandom">Paired against random at the same budget; null for random itself or without predictions.</param>
public sealed record MethodSeparation(
    string Method, string MethodParams, int Correct, int Samples, Interval Interval, PairedComparison? VsBaseline, PairedComparison? VsRandom)
{
    /// <summary>Correct / samples.</summary>
    public double Accuracy => (double)Correct / Samples;
}
