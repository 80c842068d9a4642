using PruneBench.Abstractions.Tokens;

namespace PruneBench.Core.Engine;

/// <summary>
/// One model input: token ids for the whole prompt (the visual span's ids are ignored) and the visual
/// embeddings injected over the span, already in the LLM's embedding space.
/// </summary>
/// <param name="TokenIds">[Layout.Length] ids; rows of the visual span are placeholders.</param>
/// <param name="Layout">Where the visual span is and its frame grid.</param>
/// <param name="VisualEmbeddings">[Layout.VisualCount × hidden] row-major.</param>
public sealed record Prompt(int[] TokenIds, SampleLayout Layout, float[] VisualEmbeddings);
