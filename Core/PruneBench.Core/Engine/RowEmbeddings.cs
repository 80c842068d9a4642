namespace PruneBench.Core.Engine;

/// <summary>
/// Input embeddings of prompt rows that are not vocabulary tokens and not part of the visual span, e.g.
/// LLaVA-OneVision's learned <c>image_newline</c> row after a video. They are text rows for the engine
/// (never reduced).
/// </summary>
/// <param name="Rows">Prompt rows, ascending, outside the visual span.</param>
/// <param name="Values">[Rows.Length × hidden] row-major.</param>
public sealed record RowEmbeddings(int[] Rows, float[] Values);
