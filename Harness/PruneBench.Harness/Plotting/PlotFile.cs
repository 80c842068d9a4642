namespace PruneBench.Harness.Plotting;

/// <summary>A rendered plot: an SVG file and the words a page shows with it.</summary>
/// <param name="FileName">File name (no folder), e.g. <c>synth-qwen2-synth-pareto.svg</c>.</param>
/// <param name="Title">Short title.</param>
/// <param name="Caption">What is plotted and how to read it.</param>
public sealed record PlotFile(string FileName, string Title, string Caption);
