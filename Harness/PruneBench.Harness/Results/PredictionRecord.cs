using System.Text.Json.Serialization;

namespace PruneBench.Harness.Results;

/// <summary>One sample's outcome in one run: a line of the predictions JSONL beside the results CSV.</summary>
/// <param name="RunId">The run (CSV row) this sample belongs to.</param>
/// <param name="SampleId">Sample id from the benchmark.</param>
/// <param name="Task">Task family of the sample.</param>
/// <param name="Answer">Index of the correct option.</param>
/// <param name="Prediction">Index of the option with the highest logit.</param>
/// <param name="VisualIn">Visual tokens at the LLM input.</param>
/// <param name="VisualOut">Visual tokens entering the last layer.</param>
/// <param name="RetentionMean">Measured mean retention over layers.</param>
/// <param name="NeedleRecall">Fraction of the ground-truth relevant visual tokens alive at the last layer; null when unknown.</param>
/// <param name="PrefillMs">Prefill wall time.</param>
public sealed record PredictionRecord(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("sample_id")] string SampleId,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("answer")] int Answer,
    [property: JsonPropertyName("prediction")] int Prediction,
    [property: JsonPropertyName("visual_in")] int VisualIn,
    [property: JsonPropertyName("visual_out")] int VisualOut,
    [property: JsonPropertyName("retention_mean")] double RetentionMean,
    [property: JsonPropertyName("needle_recall")] double? NeedleRecall,
    [property: JsonPropertyName("prefill_ms")] double PrefillMs)
{
    /// <summary>True when the prediction is the answer.</summary>
    [JsonPropertyName("correct")]
    public bool Correct => Prediction == Answer;
}
