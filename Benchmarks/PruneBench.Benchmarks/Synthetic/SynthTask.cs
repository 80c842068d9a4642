namespace PruneBench.Benchmarks.Synthetic;

/// <summary>The five synthetic task families (BENCHMARKS.md); each is 4-way multiple choice.</summary>
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
}
