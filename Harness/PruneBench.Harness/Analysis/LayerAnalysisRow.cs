using CsvHelper;

namespace PruneBench.Harness.Analysis;

/// <summary>
/// One row of analysis.csv: one layer of one model × benchmark × method setting, averaged over the samples
/// analysed (the paper's Figure 1). Scores are the unified, language-aware signal the engine records
/// (<c>RunOptions.RecordScores</c>): query attention of the suffix text on attention layers, Mamba2 implicit
/// attention (no decay, |·|) on Mamba layers; MLP layers carry no score, so their score columns are empty.
/// Every mean skips samples where the quantity is undefined; <see cref="ScoredSamples"/> says how many remain.
/// </summary>
/// <param name="Model">Model name.</param>
/// <param name="Benchmark">Benchmark suite.</param>
/// <param name="Method">Method (<c>none</c> = unreduced).</param>
/// <param name="MethodParams">The method's resolved canonical parameters (empty for <c>none</c>).</param>
/// <param name="Budget">Requested mean retention; null for <c>none</c>.</param>
/// <param name="Layer">Layer ℓ (0 first).</param>
/// <param name="LayerKind">attention, mamba or mlp.</param>
/// <param name="Samples">Samples run.</param>
/// <param name="ScoredSamples">Samples in which this layer had a score with at least two tokens.</param>
/// <param name="Retention">Mean fraction of the visual tokens entering this layer.</param>
/// <param name="Density50">Mean fraction of present tokens holding 50% of the score mass.</param>
/// <param name="Density80">Same at 80%.</param>
/// <param name="Density90">Same at 90%.</param>
/// <param name="TauToPrevious">Mean Kendall τ_b against the previous scored layer, over tokens both scored.</param>
/// <param name="TauToLast">Mean Kendall τ_b against the last scored layer.</param>
/// <param name="TopKToPrevious">Mean top-k overlap against the previous scored layer (k = top_fraction of the common tokens).</param>
/// <param name="TopFraction">The k of the top-k overlap, as a fraction.</param>
/// <param name="NeedleRecall">Mean fraction of the ground-truth relevant visual tokens entering this layer; empty when the benchmark has none.</param>
[CsvRecord]
[CsvOptions(NewLine = "\n", Culture = "")]
public sealed partial record LayerAnalysisRow(
    [property: CsvColumn("model")] string Model,
    [property: CsvColumn("benchmark")] string Benchmark,
    [property: CsvColumn("method")] string Method,
    [property: CsvColumn("method_params")] string MethodParams,
    [property: CsvColumn("budget")] double? Budget,
    [property: CsvColumn("layer")] int Layer,
    [property: CsvColumn("layer_kind")] string LayerKind,
    [property: CsvColumn("samples")] int Samples,
    [property: CsvColumn("scored_samples")] int ScoredSamples,
    [property: CsvColumn("retention")] double Retention,
    [property: CsvColumn("density_50")] double? Density50,
    [property: CsvColumn("density_80")] double? Density80,
    [property: CsvColumn("density_90")] double? Density90,
    [property: CsvColumn("tau_to_previous")] double? TauToPrevious,
    [property: CsvColumn("tau_to_last")] double? TauToLast,
    [property: CsvColumn("topk_to_previous")] double? TopKToPrevious,
    [property: CsvColumn("top_fraction")] double TopFraction,
    [property: CsvColumn("needle_recall")] double? NeedleRecall)
{
    /// <summary>"none" or "method @budget", as plots and pages label a setting.</summary>
    [CsvIgnore]
    public string SettingLabel => Label(Method, Budget);

    /// <summary>"none" or "method @budget" (budget to three decimals).</summary>
    public static string Label(string method, double? budget) => budget is { } b
        ? $"{method} @{b.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}"
        : method;
}
