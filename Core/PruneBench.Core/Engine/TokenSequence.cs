using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Core.Engine;

/// <summary>
/// Metadata of the current (possibly reduced) sequence: one <see cref="TokenInfo"/> per row, with the
/// visual tokens as one contiguous run, and its RoPE position ids (one axis, or t/h/w for M-RoPE). Applying a
/// decision yields the rows to keep and, for merges, the updated sizes; the engine applies the same rows to the
/// hidden states, and the position ids travel with their rows (a merge target keeps its own).
/// </summary>
public sealed class TokenSequence
{
    private TokenSequence(TokenInfo[] tokens, int[][] positions, int visualStart, int visualCount)
    {
        Tokens = tokens;
        Positions = positions;
        VisualStart = visualStart;
        VisualCount = visualCount;
    }

    /// <summary>Every row.</summary>
    public TokenInfo[] Tokens { get; }

    /// <summary>Row of the first visual token.</summary>
    public int VisualStart { get; }

    /// <summary>Visual tokens alive.</summary>
    public int VisualCount { get; }

    /// <summary>Rows.</summary>
    public int Length => Tokens.Length;

    /// <summary>[axes][Length] RoPE position ids of each row (original ids; gaps after pruning).</summary>
    public int[][] Positions { get; }

    /// <summary>
    /// The unreduced sequence of <paramref name="layout"/>. <paramref name="positions"/> [axes][Length] are its
    /// RoPE position ids; null means 0…Length−1 on one axis (each token's <see cref="TokenInfo.Position"/>).
    /// </summary>
    public static TokenSequence Initial(SampleLayout layout, int[][]? positions = null)
    {
        var tokens = new TokenInfo[layout.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            var v = i - layout.PrefixLength;
            tokens[i] = v >= 0 && v < layout.VisualCount
                ? new TokenInfo(TokenKind.Visual, i, v, v / layout.TokensPerFrame, v % layout.TokensPerFrame / layout.GridCols, v % layout.TokensPerFrame % layout.GridCols, 1f)
                : new TokenInfo(TokenKind.Text, i, -1, -1, -1, -1, 1f);
        }

        return new TokenSequence(tokens, positions ?? [Enumerable.Range(0, layout.Length).ToArray()], layout.PrefixLength, layout.VisualCount);
    }

    /// <summary>Rows of the query set: the suffix text after the visual run, or the last row.</summary>
    public int[] QueryRows(Abstractions.Signals.QuerySelection selection)
    {
        var suffixStart = VisualStart + VisualCount;
        return selection == Abstractions.Signals.QuerySelection.LastToken || suffixStart >= Length
            ? [Length - 1]
            : Enumerable.Range(suffixStart, Length - suffixStart).ToArray();
    }

    /// <summary>
    /// Validates <paramref name="decision"/> and returns the rows that survive and the merges to apply
    /// (sequence rows), plus the sequence after the decision.
    /// </summary>
    /// <exception cref="ReductionException">Out-of-range, duplicated, unsorted or self-targeted indices (names reducer and layer).</exception>
    public (int[] KeepRows, int[] MergeSources, int[] MergeTargets, TokenSequence Next) Apply(ReductionDecision decision, string reducer, int layer)
    {
        string Where() => $"reducer '{reducer}' after layer {layer}";
        switch (decision.Kind)
        {
            case DecisionKind.None:
                return (Enumerable.Range(0, Length).ToArray(), [], [], this);
            case DecisionKind.Keep:
            {
                CheckAscending(decision.Kept, Where, "kept");
                var keptVisual = decision.Kept.Select(i => VisualStart + i);
                var rows = Enumerable.Range(0, VisualStart).Concat(keptVisual).Concat(Enumerable.Range(VisualStart + VisualCount, Length - VisualStart - VisualCount)).ToArray();
                return (rows, [], [], new TokenSequence(rows.Select(r => Tokens[r]).ToArray(), Gather(rows), VisualStart, decision.Kept.Count));
            }

            case DecisionKind.Merge:
            {
                CheckAscending(decision.Sources, Where, "merge source");
                var sources = new HashSet<int>(decision.Sources);
                var tokens = (TokenInfo[])Tokens.Clone();
                for (var i = 0; i < decision.Targets.Count; i++)
                {
                    var t = decision.Targets[i];
                    if ((uint)t >= (uint)VisualCount)
                    {
                        throw new ReductionException($"{Where()}: merge target {t} is outside the {VisualCount} visual tokens.");
                    }

                    if (sources.Contains(t))
                    {
                        throw new ReductionException($"{Where()}: merge target {t} is itself merged away.");
                    }

                    var row = VisualStart + t;
                    tokens[row] = tokens[row] with { Size = tokens[row].Size + Tokens[VisualStart + decision.Sources[i]].Size };
                }

                var keepVisual = Enumerable.Range(0, VisualCount).Where(i => !sources.Contains(i)).Select(i => VisualStart + i);
                var rows = Enumerable.Range(0, VisualStart).Concat(keepVisual).Concat(Enumerable.Range(VisualStart + VisualCount, Length - VisualStart - VisualCount)).ToArray();
                var next = new TokenSequence(rows.Select(r => tokens[r]).ToArray(), Gather(rows), VisualStart, VisualCount - sources.Count);
                return (rows, decision.Sources.Select(s => VisualStart + s).ToArray(), decision.Targets.Select(t => VisualStart + t).ToArray(), next);
            }

            default:
                throw new ReductionException($"{Where()}: unknown decision kind {decision.Kind}.");
        }

        int[][] Gather(int[] rows) => Positions.Select(axis => rows.Select(r => axis[r]).ToArray()).ToArray();

        void CheckAscending(IReadOnlyList<int> idx, Func<string> where, string what)
        {
            for (var i = 0; i < idx.Count; i++)
            {
                if ((uint)idx[i] >= (uint)VisualCount)
                {
                    throw new ReductionException($"{where()}: {what} index {idx[i]} is outside the {VisualCount} visual tokens (indices name visual tokens only).");
                }

                if (i > 0 && idx[i] <= idx[i - 1])
                {
                    throw new ReductionException(idx[i] == idx[i - 1]
                        ? $"{where()}: {what} index {idx[i]} is duplicated."
                        : $"{where()}: {what} indices are not sorted ascending ({idx[i - 1]} before {idx[i]}).");
                }
            }
        }
    }
}
