namespace PruneBench.Abstractions.Signals;

/// <summary>How signed implicit-attention weights are made non-negative before summing.</summary>
public enum ScoreTransform
{
    /// <summary>|α|. Default.</summary>
    Abs,

    /// <summary>max(0, α).</summary>
    Clamp,
}
