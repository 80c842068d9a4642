namespace PruneBench.Harness.Sweeps;

/// <summary>A parsed sweep file: the grid plus the run options it may set.</summary>
/// <param name="Spec">The grid.</param>
/// <param name="Output">Output folder (<c>output:</c>), or null to take it from the command line.</param>
/// <param name="Device">Device (<c>device:</c> cpu|cuda|auto), or null.</param>
public sealed record SweepFile(SweepSpec Spec, string? Output, string? Device);
