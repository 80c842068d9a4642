namespace PruneBench.Abstractions.Decisions;

/// <summary>What a reducer decided after a layer.</summary>
public enum DecisionKind
{
    /// <summary>Leave the sequence as it is.</summary>
    None,

    /// <summary>Keep the listed visual tokens, prune the other visual tokens.</summary>
    Keep,

    /// <summary>Merge each listed source token into its target (size-weighted average).</summary>
    Merge,
}
