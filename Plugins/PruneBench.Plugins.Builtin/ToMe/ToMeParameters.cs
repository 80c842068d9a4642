using PruneBench.Abstractions.Parameters;

namespace PruneBench.Plugins.Builtin.ToMe;

/// <summary>Parameters of <see cref="ToMeMethod"/>.</summary>
public sealed record ToMeParameters
{
    [Parameter("Merge after each of the first N layers (−1 = 24 of 32 layers, scaled to the model's depth).", Min = -1)]
    public int Layers { get; init; } = -1;

    [Parameter("Fraction of N_v left after the merge layers; r = (1 − ratio)·N_v/N tokens merge per layer (at most half the current tokens).",
        Min = 0, MinExclusive = true, Max = 1)]
    public double Ratio { get; init; } = 0.5;

    [Parameter("Proportional attention: add log(size) of merged keys to attention logits (ToMe, Bolya et al., §3).")]
    public bool ProportionalAttention { get; init; }
}
