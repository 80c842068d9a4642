namespace PruneBench.Abstractions.Tokens;

/// <summary>
/// Layout of one prompt: <c>[prefix text][visual: Frames × TokensPerFrame, frame-major][suffix text]</c>.
/// Visual tokens of a frame form a <see cref="GridRows"/> × <see cref="GridCols"/> grid, row-major.
/// </summary>
/// <param name="PrefixLength">Text tokens before the visual span.</param>
/// <param name="Frames">m, the number of frames.</param>
/// <param name="TokensPerFrame">n, visual tokens per frame.</param>
/// <param name="SuffixLength">Text tokens after the visual span (question, options, answer prompt).</param>
/// <param name="GridRows">Patch rows per frame; <see cref="GridRows"/> × <see cref="GridCols"/> = n.</param>
/// <param name="GridCols">Patch columns per frame.</param>
public sealed record SampleLayout(int PrefixLength, int Frames, int TokensPerFrame, int SuffixLength, int GridRows, int GridCols)
{
    /// <summary>N_v = m·n, visual tokens at the LLM input.</summary>
    public int VisualCount => Frames * TokensPerFrame;

    /// <summary>Total prompt length.</summary>
    public int Length => PrefixLength + VisualCount + SuffixLength;

    /// <summary>Makes a layout whose frame grid is as square as n allows (rows ≤ cols).</summary>
    public static SampleLayout WithSquareGrid(int prefixLength, int frames, int tokensPerFrame, int suffixLength)
    {
        var rows = (int)Math.Floor(Math.Sqrt(tokensPerFrame));
        while (rows > 1 && tokensPerFrame % rows != 0)
        {
            rows--;
        }

        return new SampleLayout(prefixLength, frames, tokensPerFrame, suffixLength, rows, tokensPerFrame / rows);
    }
}
