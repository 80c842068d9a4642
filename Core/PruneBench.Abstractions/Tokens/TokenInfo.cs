namespace PruneBench.Abstractions.Tokens;

/// <summary>
/// Metadata of one token of the current (possibly already reduced) sequence.
/// </summary>
/// <param name="Kind">Text or visual.</param>
/// <param name="Position">Original position in the unreduced prompt (the RoPE position id).</param>
/// <param name="VisualIndex">Index into the original visual span (0..N_v-1), -1 for text.</param>
/// <param name="Frame">Frame of a visual token (frame-major layout), -1 for text.</param>
/// <param name="Row">Patch row inside the frame, -1 for text.</param>
/// <param name="Col">Patch column inside the frame, -1 for text.</param>
/// <param name="Size">How many original tokens this token stands for (1 unless merged).</param>
public readonly record struct TokenInfo(
    TokenKind Kind,
    int Position,
    int VisualIndex,
    int Frame,
    int Row,
    int Col,
    float Size)
{
    /// <summary>True for visual tokens.</summary>
    public bool IsVisual => Kind == TokenKind.Visual;
}
