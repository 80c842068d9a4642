using PruneBench.Harness.Analysis;
using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Plotting;
using PruneBench.Harness.Results;

namespace PruneBench.Harness.Publishing;

/// <summary>One page of the site: a model × benchmark with its leaderboard, results rows and analysis.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Benchmark">Benchmark suite.</param>
/// <param name="Entries">Overall leaderboard entries (task <c>all</c>) of this model and benchmark, in leaderboard order.</param>
/// <param name="TaskEntries">Its per-task leaderboard entries (only settings that cover several tasks have them).</param>
/// <param name="Rows">Results rows (every status) of this model and benchmark, one per run id and the newest per configuration.</param>
/// <param name="Analysis">Analysis rows of this model and benchmark (empty when none was given).</param>
/// <param name="Sweeps">sweep.json of each results folder that holds rows of this board.</param>
/// <param name="Analyses">analysis.json of each analysis of this board.</param>
public sealed record SiteBoard(
    string Model,
    string Benchmark,
    IReadOnlyList<LeaderboardEntry> Entries,
    IReadOnlyList<LeaderboardEntry> TaskEntries,
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<LayerAnalysisRow> Analysis,
    IReadOnlyList<SweepProvenance> Sweeps,
    IReadOnlyList<AnalysisManifest> Analyses)
{
    /// <summary>File-name stem of the page and its files, e.g. <c>synth-qwen2-synth</c>.</summary>
    public string Slug => PlotCanvas.Slug($"{Model}-{Benchmark}");

    /// <summary>File name of the page.</summary>
    public string PageName => Slug + ".html";

    /// <summary>True when the benchmark measures accuracy (not speed only).</summary>
    public bool MeasuresAccuracy => Entries.Any(e => e.Accuracy is not null);
}
