using System.Text.Json.Serialization;

namespace PruneBench.Benchmarks.Packs;

/// <summary>
/// One line of <c>samples.jsonl</c>. The prompt is <c>input_ids</c>; rows
/// <c>visual_start … visual_start + frames·tokens_per_frame − 1</c> are the visual span (their ids are
/// placeholders), whose embeddings are <c>features/&lt;id&gt;.safetensors</c> tensor <c>embeddings</c>.
/// </summary>
public sealed class PackSampleRecord
{
    /// <summary>Unique sample id; also the feature file's name (letters, digits, '-', '_', '.').</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Task or category, e.g. <c>needle-color</c>, <c>temporal reasoning</c>.</summary>
    [JsonPropertyName("task")]
    public string Task { get; set; } = "";

    /// <summary>Full prompt ids.</summary>
    [JsonPropertyName("input_ids")]
    public int[] InputIds { get; set; } = [];

    /// <summary>First row of the visual span.</summary>
    [JsonPropertyName("visual_start")]
    public int VisualStart { get; set; }

    /// <summary>m, frames.</summary>
    [JsonPropertyName("frames")]
    public int Frames { get; set; }

    /// <summary>n, visual tokens per frame.</summary>
    [JsonPropertyName("tokens_per_frame")]
    public int TokensPerFrame { get; set; }

    /// <summary>Patch rows per frame (0 = as square as n allows).</summary>
    [JsonPropertyName("grid_rows")]
    public int GridRows { get; set; }

    /// <summary>Ids of the option letters, in option order.</summary>
    [JsonPropertyName("option_token_ids")]
    public int[] OptionTokenIds { get; set; } = [];

    /// <summary>Index of the correct option.</summary>
    [JsonPropertyName("answer")]
    public int Answer { get; set; }

    /// <summary>Optional duration bucket: <c>short</c>, <c>medium</c> or <c>long</c>.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }

    /// <summary>Optional ground-truth relevant visual indices (ascending, within the span).</summary>
    [JsonPropertyName("relevant_visual_indices")]
    public int[]? RelevantVisualIndices { get; set; }

    /// <summary>
    /// Optional RoPE position ids [axes][input_ids.Length] as the VLM computed them: 3 axes (t, h, w) for M-RoPE
    /// models (Qwen2-VL's <c>get_rope_index</c>); absent means 0…L−1.
    /// </summary>
    [JsonPropertyName("position_ids")]
    public int[][]? PositionIds { get; set; }

    /// <summary>
    /// Optional prompt rows outside the visual span whose input embedding is not a vocabulary entry (e.g.
    /// LLaVA-OneVision's <c>image_newline</c> after the video), ascending; their embeddings are the feature file's
    /// <c>text_embeddings</c> [k, hidden].
    /// </summary>
    [JsonPropertyName("text_embedding_rows")]
    public int[]? TextEmbeddingRows { get; set; }
}
