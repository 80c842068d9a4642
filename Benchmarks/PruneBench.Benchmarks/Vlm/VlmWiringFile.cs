using System.Text.Json.Serialization;

namespace PruneBench.Benchmarks.Vlm;

/// <summary>
/// The JSON shape of <c>vlm.json</c>, the side file that turns a language-model checkpoint into a VLM of
/// the synthetic suite. Read and written with System.Text.Json; validated by <see cref="VlmWiring.Load(string)"/>.
/// </summary>
public sealed class VlmWiringFile
{
    /// <summary>The format this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version; must equal <see cref="CurrentFormatVersion"/>.</summary>
    [JsonPropertyName("format_version")]
    public int FormatVersion { get; set; }

    /// <summary>D_v, the raw visual feature width the projector takes.</summary>
    [JsonPropertyName("visual_feature_dim")]
    public int VisualFeatureDim { get; set; }

    /// <summary>Projector kind; <c>mlp2_gelu_tanh</c> is the only one: Linear(D_v→H), GELU (tanh form), Linear(H→hidden).</summary>
    [JsonPropertyName("projector_kind")]
    public string ProjectorKind { get; set; } = "";

    /// <summary>File of the projector weights, relative to the model folder.</summary>
    [JsonPropertyName("projector_file")]
    public string ProjectorFile { get; set; } = "";

    /// <summary>Tokens by id.</summary>
    [JsonPropertyName("vocabulary")]
    public List<string> Vocabulary { get; set; } = [];

    /// <summary>The placeholder token of the visual span.</summary>
    [JsonPropertyName("image_token")]
    public string ImageToken { get; set; } = "";

    /// <summary>Option letters in option order.</summary>
    [JsonPropertyName("option_tokens")]
    public List<string> OptionTokens { get; set; } = [];

    /// <summary>Ids of <see cref="OptionTokens"/> (must agree with <see cref="Vocabulary"/>).</summary>
    [JsonPropertyName("option_token_ids")]
    public List<int> OptionTokenIds { get; set; } = [];

    /// <summary>The last prompt token, after which the option letter is read.</summary>
    [JsonPropertyName("answer_prompt")]
    public string AnswerPrompt { get; set; } = "";

    /// <summary>Free-form description of how the model was trained (written by tools/train/train.py).</summary>
    [JsonPropertyName("training")]
    public Dictionary<string, object>? Training { get; set; }
}
