using CsvHelper;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// One leaderboard row: a (model, benchmark, method setting, budget) aggregated over the tasks, frame
/// counts and seeds its results CSV rows cover.
/// </summary>
/// <param name="Model">Model.</param>
/// <param name="Benchmark">Benchmark suite.</param>
/// <param name="Method">Method name.</param>
/// <param name="MethodParams">Resolved canonical parameters (distinct settings of one method are distinct rows).</param>
/// <param name="Budget">Requested mean retention; null for the baseline and unbudgeted runs.</param>
/// <param name="RankAtBudget">1 = best accuracy among rows of the same model, benchmark and budget (ties share a rank); null without a budget or an accuracy.</param>
/// <param name="Accuracy">Σ correct / Σ samples over the aggregated runs; null on speed-only benchmarks.</param>
/// <param name="DeltaVsBaseline">Accuracy − the baseline's accuracy on the same runs' slices.</param>
/// <param name="SpeedupVsBaseline">Geometric mean of the runs' prefill speedups.</param>
/// <param name="NeedleRecall">Sample-weighted needle recall at the last layer (benchmarks that know the relevant tokens).</param>
/// <param name="RetentionMean">Sample-weighted measured mean retention.</param>
/// <param name="PrefillTflops">Mean analytic prefill TFLOPs.</param>
/// <param name="ParetoFrontier">True when no other row of the model and benchmark has higher-or-equal accuracy at lower-or-equal mean retention (one strictly better).</param>
/// <param name="Runs">Results rows aggregated.</param>
/// <param name="Samples">Samples aggregated.</param>
[CsvRecord]
[CsvOptions(NewLine = "\n", Culture = "", TrueValues = ["true"], FalseValues = ["false"])]
public sealed partial record LeaderboardEntry(
    [property: CsvColumn("model")] string Model,
    [property: CsvColumn("benchmark")] string Benchmark,
    [property: CsvColumn("method")] string Method,
    [property: CsvColumn("method_params")] string MethodParams,
    [property: CsvColumn("budget")] double? Budget,
    [property: CsvColumn("rank_at_budget")] int? RankAtBudget,
    [property: CsvColumn("accuracy")] double? Accuracy,
    [property: CsvColumn("delta_vs_baseline")] double? DeltaVsBaseline,
    [property: CsvColumn("speedup_vs_baseline")] double? SpeedupVsBaseline,
    [property: CsvColumn("needle_recall")] double? NeedleRecall,
    [property: CsvColumn("retention_mean")] double? RetentionMean,
    [property: CsvColumn("prefill_tflops")] double? PrefillTflops,
    [property: CsvColumn("pareto_frontier")] bool ParetoFrontier,
    [property: CsvColumn("runs")] int Runs,
    [property: CsvColumn("samples")] int Samples);
