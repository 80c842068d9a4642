namespace PruneBench.Abstractions.Decisions;

/// <summary>
/// A reducer's answer after a layer. Indices are positions among the current visual tokens
/// (0 .. VisualCount − 1 of the <see cref="Signals.LayerObservation"/>), so text can never be named.
/// The engine validates every decision and rejects, naming the reducer and layer, indices that are out
/// of range, duplicated or unsorted.
/// </summary>
public sealed class ReductionDecision
{
    private ReductionDecision(DecisionKind kind, int[] keep, int[] sources, int[] targets)
    {
        Kind = kind;
        Kept = keep;
        Sources = sources;
        Targets = targets;
    }

    /// <summary>Kind of decision.</summary>
    public DecisionKind Kind { get; }

    /// <summary>For <see cref="DecisionKind.Keep"/>: visual indices kept, strictly ascending.</summary>
    public IReadOnlyList<int> Kept { get; }

    /// <summary>For <see cref="DecisionKind.Merge"/>: visual indices removed by merging, strictly ascending.</summary>
    public IReadOnlyList<int> Sources { get; }

    /// <summary>For <see cref="DecisionKind.Merge"/>: Targets[i] receives Sources[i]; never itself a source.</summary>
    public IReadOnlyList<int> Targets { get; }

    /// <summary>The decision that changes nothing.</summary>
    public static ReductionDecision None { get; } = new(DecisionKind.None, [], [], []);

    /// <summary>Keep exactly <paramref name="visualIndices"/> (ascending, unique) and prune the rest.</summary>
    public static ReductionDecision Keep(int[] visualIndices) => new(DecisionKind.Keep, visualIndices, [], []);

    /// <summary>Merge sources[i] into targets[i]; survivors keep their order.</summary>
    public static ReductionDecision Merge(int[] sources, int[] targets)
    {
        if (sources.Length != targets.Length)
        {
            throw new ArgumentException($"Merge needs one target per source: {sources.Length} sources, {targets.Length} targets.");
        }

        return new(DecisionKind.Merge, [], sources, targets);
    }
}
