using PruneBench.Abstractions.Tokens;

namespace PruneBench.Core.Engine;

/// <summary>
/// One model input: token ids for the whole prompt (the visual span's ids are ignored) and the visual
/// embeddings injected over the span, already in the LLM's embedding space.
/// </summary>
/// <param name="TokenIds">[Layout.Length] ids; rows of the visual span are placeholders.</param>
/// <param name="Layout">Where the visual span is and its frame grid.</param>
/// <param name="VisualEmbeddings">[Layout.VisualCount × hidden] row-major.</param>
/// <param name="PositionIds">
/// [axes][Layout.Length] RoPE position ids as the VLM computed them: one axis, or three (t, h, w) for M-RoPE
/// (Qwen2-VL's <c>get_rope_index</c>). Null means 0…Length−1; one axis given to an M-RoPE model is used on all
/// three axes (transformers' rule for text). Position ids travel with their tokens through reductions.
/// </param>
/// <param name="TextEmbeddings">Rows outside the visual span whose embedding is given instead of looked up (null: none).</param>
public sealed record Prompt(int[] TokenIds, SampleLayout Layout, float[] VisualEmbeddings, int[][]? PositionIds = null, RowEmbeddings? TextEmbeddings = null);
