namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// The synthetic task families (BENCHMARKS.md); each is 4-way multiple choice. The first five are one-hop (the
/// question names the object whose tokens hold the answer; the <c>synth</c> suite); the rest are two-hop (the
/// answer is on a token the question does not name, found from a named one; the <c>synth-hop</c> suite). New
/// members go last: the enum value is part of every sample's seed.
/// </summary>
public enum SynthTask
{
    /// <summary>"What colour is the X?" — X appears in one frame (1–3 tokens).</summary>
    NeedleColor,

    /// <summary>"When does the X appear?" — which quarter of the video.</summary>
    Temporal,

    /// <summary>"How many frames show X?" — 1 to 4 frames, one token each.</summary>
    Count,

    /// <summary>"Which appears first, X or Y?" — each in one frame, at least m/8 frames apart.</summary>
    Order,

    /// <summary>"Where in the frame is X?" — quadrant of the frame grid.</summary>
    Spatial,

    /// <summary>
    /// "What colour is the object right of X?" — X is one token in one frame; the answer is the colour of the
    /// unnamed object on the next cell to its right, in the same frame (two-hop: X first, then its neighbour).
    /// </summary>
    NeighborColor,
}
