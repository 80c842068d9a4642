namespace PruneBench.Harness.Statistics;

/// <summary>One method setting on a <see cref="ParetoFrontier"/>.</summary>
/// <param name="Accuracy">Accuracy (higher is better).</param>
/// <param name="Retention">Measured mean retention (lower is cheaper).</param>
/// <param name="Speedup">Prefill speedup over the baseline (higher is better); null when unknown, and then speed is not compared.</param>
public sealed record ParetoPoint(double Accuracy, double Retention, double? Speedup);
