using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Engine;

/// <summary>
/// The engine's token metadata when compactions may be decided on the device. A device compaction
/// (<see cref="Keep"/>: an I32 index tensor of the kept visual tokens) changes the counts at once, but the host
/// <see cref="TokenSequence"/> (positions, original indices) is only brought up to date — one download per pending
/// compaction, the path's one host synchronisation — when <see cref="Current"/> is read: before a RoPE layer, for a
/// host reducer's observation, for recorded scores, and after prefill for the survivor trace.
/// Each compaction starts a new epoch; <see cref="Survivors"/> gives the original visual indices of an epoch.
/// </summary>
internal sealed class DeferredSequence(TokenSequence initial, IBackend backend) : IDisposable
{
    private readonly List<Tensor> _pending = [];
    private readonly List<int[]> _survivors = [SurvivingVisualIndices(initial)];
    private TokenSequence _applied = initial;

    /// <summary>Row of the first visual token (compaction never moves it).</summary>
    public int VisualStart => _applied.VisualStart;

    /// <summary>Visual tokens alive now.</summary>
    public int VisualCount { get; private set; } = initial.VisualCount;

    /// <summary>Rows now.</summary>
    public int Length => _applied.Length - _applied.VisualCount + VisualCount;

    /// <summary>Compactions so far (pending or applied).</summary>
    public int Epoch => _survivors.Count - 1 + _pending.Count;

    /// <summary>The metadata now; applies pending device compactions first (a host synchronisation each).</summary>
    public TokenSequence Current
    {
        get
        {
            foreach (var kept in _pending)
            {
                using (kept)
                {
                    _applied = _applied.Apply(ReductionDecision.Keep(backend.IndicesToHost(kept)), "score pruner", -1).Next;
                }

                _survivors.Add(SurvivingVisualIndices(_applied));
            }

            _pending.Clear();
            return _applied;
        }
    }

    /// <summary>Rows of the query set, from counts alone (no synchronisation): as <see cref="TokenSequence.QueryRows"/>.</summary>
    public int[] QueryRows(QuerySelection selection)
    {
        var suffixStart = VisualStart + VisualCount;
        return selection == QuerySelection.LastToken || suffixStart >= Length
            ? [Length - 1]
            : Enumerable.Range(suffixStart, Length - suffixStart).ToArray();
    }

    /// <summary>Records a device compaction to <paramref name="kept"/> (I32 [k], ascending visual indices); takes ownership.</summary>
    public void Keep(Tensor kept)
    {
        _pending.Add(kept);
        VisualCount = (int)kept.Length;
    }

    /// <summary>Applies a host reducer's decision (see <see cref="TokenSequence.Apply"/>).</summary>
    /// <exception cref="ReductionException">The decision is invalid (names reducer and layer).</exception>
    public (int[] KeepRows, int[] MergeSources, int[] MergeTargets, bool Changed) Apply(ReductionDecision decision, string reducer, int layer)
    {
        var before = Current;
        var (keep, sources, targets, next) = before.Apply(decision, reducer, layer);
        if (ReferenceEquals(next, before))
        {
            return (keep, sources, targets, false);
        }

        _applied = next;
        VisualCount = next.VisualCount;
        _survivors.Add(SurvivingVisualIndices(next));
        return (keep, sources, targets, true);
    }

    /// <summary>Original visual indices alive in <paramref name="epoch"/>, ascending; applies pending compactions.</summary>
    public int[] Survivors(int epoch)
    {
        _ = Current;
        return _survivors[epoch];
    }

    /// <summary>Frees pending index tensors.</summary>
    public void Dispose()
    {
        foreach (var kept in _pending)
        {
            kept.Dispose();
        }

        _pending.Clear();
    }

    private static int[] SurvivingVisualIndices(TokenSequence seq)
    {
        var result = new int[seq.VisualCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = seq.Tokens[seq.VisualStart + i].VisualIndex;
        }

        return result;
    }
}
