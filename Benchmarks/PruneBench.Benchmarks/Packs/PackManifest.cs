using System.Text.Json.Serialization;

namespace PruneBench.Benchmarks.Packs;

/// <summary>
/// <c>pack.json</c>: what a sample pack holds and which model it was exported for. The features are
/// post-projector embeddings, so a pack only fits a model of <see cref="HiddenSize"/> and its vocabulary.
/// </summary>
public sealed class PackManifest
{
    /// <summary>The format this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version; must equal <see cref="CurrentFormatVersion"/>.</summary>
    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; }

    /// <summary>Benchmark name, e.g. <c>videomme</c>, <c>mlvu</c>, <c>synth</c>.</summary>
    [JsonPropertyName("benchmark")]
    public string Benchmark { get; set; } = "";

    /// <summary>The model the embeddings were computed for (a name or Hugging Face id).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = "";

    /// <summary>Width of every embedding row; must equal the model's hidden size.</summary>
    [JsonPropertyName("hidden_size")]
    public int HiddenSize { get; set; }

    /// <summary>Element type of the feature files: <c>f32</c>, <c>f16</c> or <c>bf16</c>.</summary>
    [JsonPropertyName("dtype")]
    public string DType { get; set; } = "";

    /// <summary>Vocabulary size of the exporting tokenizer (0 = unknown); ids must lie below it and below the model's.</summary>
    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; set; }

    /// <summary>Free-form provenance (exporter, dataset version, frame sampling).</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }
}
