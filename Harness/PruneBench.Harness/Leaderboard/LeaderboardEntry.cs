using CsvHelper;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// One leaderboard row: a (model, benchmark, method setting, budget) aggregated over the tasks, frame counts and
/// seeds its results rows cover (<see cref="Task"/> = <c>all</c>), or over one task's rows only (per-task rows).
/// Statistics: docs/results.md § Leaderboard.
/// </summary>
/// <param name="Model">Model.</param>
/// <param name="Benchmark">Benchmark suite.</param>
/// <param name="Task"><c>all</c> for the overall row; a task name for a per-task row.</param>
/// <param name="Method">Method name.</param>
/// <param name="MethodParams">Resolved canonical parameters, exact (distinct settings of one method are distinct rows).</param>
/// <param name="Budget">Requested mean retention; null for the baseline and unbudgeted runs.</param>
/// <param name="RankAtBudget">1 + the settings at this budget with significantly higher accuracy (paired exact McNemar, Holm-adjusted, α = 0.05); overall rows with an accuracy and a budget only.</param>
/// <param name="Accuracy">Correct / samples; null on speed-only benchmarks.</param>
/// <param name="AccuracyLow">Lower end of the 95 % Wilson interval of the accuracy.</param>
/// <param name="AccuracyHigh">Upper end of the 95 % Wilson interval.</param>
/// <param name="Correct">Samples answered correctly.</param>
/// <param name="Samples">Samples aggregated (n).</param>
/// <param name="DeltaVsBaseline">Accuracy − the baseline's accuracy on the same slices.</param>
/// <param name="PValueVsBaseline">Two-sided exact McNemar p-value against the baseline on the same samples; null without predictions, or for the baseline.</param>
/// <param name="LostVsBaseline">Samples the baseline got right and this setting wrong.</param>
/// <param name="GainedVsBaseline">Samples the baseline got wrong and this setting right.</param>
/// <param name="AgreementWithBaseline">Fraction of samples predicted like the baseline.</param>
/// <param name="SpeedupVsBaseline">Geometric mean of the runs' prefill speedups.</param>
/// <param name="NeedleRecall">Sample-weighted needle recall at the last layer.</param>
/// <param name="RetentionMean">Sample-weighted measured mean retention.</param>
/// <param name="PrefillTflops">Mean analytic prefill TFLOPs.</param>
/// <param name="VisualTokens">Largest N_v of the runs (the resolution of fractional parameters: they act on N_v tokens).</param>
/// <param name="ParetoFrontier">Overall rows: not dominated in accuracy, mean retention and speedup within the stated tolerances (<see cref="Statistics.ParetoFrontier"/>).</param>
/// <param name="Runs">Results rows aggregated.</param>
[CsvRecord]
[CsvOptions(NewLine = "\n", Culture = "", TrueValues = ["true"], FalseValues = ["false"])]
public sealed partial record LeaderboardEntry(
    [property: CsvColumn("model")] string Model,
    [property: CsvColumn("benchmark")] string Benchmark,
    [property: CsvColumn("task")] string Task,
    [property: CsvColumn("method")] string Method,
    [property: CsvColumn("method_params")] string MethodParams,
    [property: CsvColumn("budget")] double? Budget,
    [property: CsvColumn("rank_at_budget")] int? RankAtBudget,
    [property: CsvColumn("accuracy")] double? Accuracy,
    [property: CsvColumn("accuracy_ci95_low")] double? AccuracyLow,
    [property: CsvColumn("accuracy_ci95_high")] double? AccuracyHigh,
    [property: CsvColumn("correct")] int? Correct,
    [property: CsvColumn("samples")] int Samples,
    [property: CsvColumn("delta_vs_baseline")] double? DeltaVsBaseline,
    [property: CsvColumn("p_vs_baseline")] double? PValueVsBaseline,
    [property: CsvColumn("lost_vs_baseline")] int? LostVsBaseline,
    [property: CsvColumn("gained_vs_baseline")] int? GainedVsBaseline,
    [property: CsvColumn("agreement_with_baseline")] double? AgreementWithBaseline,
    [property: CsvColumn("speedup_vs_baseline")] double? SpeedupVsBaseline,
    [property: CsvColumn("needle_recall")] double? NeedleRecall,
    [property: CsvColumn("retention_mean")] double? RetentionMean,
    [property: CsvColumn("prefill_tflops")] double? PrefillTflops,
    [property: CsvColumn("visual_tokens")] int? VisualTokens,
    [property: CsvColumn("pareto_frontier")] bool ParetoFrontier,
    [property: CsvColumn("runs")] int Runs)
{
    /// <summary>Task value of the overall rows.</summary>
    public const string AllTasks = "all";
}
