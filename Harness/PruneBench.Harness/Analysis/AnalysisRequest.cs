namespace PruneBench.Harness.Analysis;

/// <summary>What <c>prunebench analyze</c> measures: one model on one benchmark, unreduced and under each method.</summary>
/// <param name="Model">Model name or folder (as for <c>run</c>).</param>
/// <param name="Benchmark">Benchmark suite name.</param>
/// <param name="Tasks">Task families; empty = every task of the suite.</param>
/// <param name="Frames">m per sample; null = the suite's default.</param>
/// <param name="TokensPerFrame">n per frame; null = the suite's default.</param>
/// <param name="Samples">Samples per task.</param>
/// <param name="Seed">Seed of the sample draw and of random method decisions.</param>
/// <param name="Methods">Methods to analyse; <c>none</c> is the unreduced model and is always analysed first.</param>
/// <param name="Budgets">Requested mean retentions each method other than <c>none</c> runs at.</param>
/// <param name="TopFraction">k of the top-k overlap as a fraction of the tokens both layers scored.</param>
/// <param name="Device">cpu, cuda or auto.</param>
/// <param name="PluginFolders">Extra plugin folders or assemblies.</param>
/// <param name="Output">Output folder for analysis.csv, analysis.json and the plots.</param>
/// <param name="CommandLine">The command line as typed, for analysis.json.</param>
public sealed record AnalysisRequest(
    string Model,
    string Benchmark,
    IReadOnlyList<string> Tasks,
    int? Frames,
    int? TokensPerFrame,
    int Samples,
    int Seed,
    IReadOnlyList<string> Methods,
    IReadOnlyList<double> Budgets,
    double TopFraction,
    string Device,
    IReadOnlyList<string> PluginFolders,
    string Output,
    string CommandLine);
