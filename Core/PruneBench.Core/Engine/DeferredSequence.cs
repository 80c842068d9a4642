using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Engine;

/// <summary>
/// The engine's token metadata when compactions may be decided on the device. A device compaction
/// (<see cref="Keep"/>: an I32 index tensor of the kept visual tokens) changes the counts at once, but the host
/// <see cref="TokenSequence"/> (positions, original indices) is only brought up to date — one download per pending
/// compaction — when <see cref="Current"/> is read: for a host reducer's observation, for recorded scores, and after
/// prefill for the survivor trace. RoPE's position ids live on the device (<see cref="Positions"/>) and are compacted
/// with the hidden rows, so a RoPE layer after a device decision needs no download: the short path synchronises with
/// the host nowhere inside the layer loop, on dense and hybrid models alike.
/// Each compaction starts a new epoch; <see cref="Survivors"/> gives the original visual indices of an epoch.
/// </summary>
internal sealed class DeferredSequence : IDisposable
{
    private readonly IBackend _backend;
    private readonly List<Tensor> _pending = [];
    private readonly List<int[]> _survivors;
    private TokenSequence _applied;
    // Per position axis, F32 [Length] on the backend; empty without RoPE.
    private Tensor[] _positions;

    /// <param name="initial">The prompt's metadata.</param>
    /// <param name="backend">Where the hidden rows (and the position ids) live.</param>
    /// <param name="rope">Whether the model rotates by position (then the ids are uploaded once, here).</param>
    public DeferredSequence(TokenSequence initial, IBackend backend, bool rope)
    {
        _backend = backend;
        _applied = initial;
        _survivors = [SurvivingVisualIndices(initial)];
        VisualCount = initial.VisualCount;
        _positions = rope ? Upload(initial) : [];
    }

    /// <summary>Row of the first visual token (compaction never moves it).</summary>
    public int VisualStart => _applied.VisualStart;

    /// <summary>Visual tokens alive now.</summary>
    public int VisualCount { get; private set; }

    /// <summary>RoPE position ids of the rows now, per axis (F32 [<see cref="Length"/>] on the backend; owned here); none without RoPE.</summary>
    public Tensor[] Positions => _positions;

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
                    _applied = _applied.Apply(ReductionDecision.Keep(_backend.IndicesToHost(kept)), "score pruner", -1).Next;
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
        for (var a = 0; a < _positions.Length; a++)
        {
            var before = _positions[a];
            using var compacted = _backend.CompactRows(before.Reshape(Length, 1), kept, VisualStart, VisualCount);
            _positions[a] = compacted.ReshapeOwned(compacted.Rows);
            before.Dispose();
        }

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
        if (_positions.Length > 0)
        {
            // A host decision has synchronised already: upload the new ids (merges keep their target's position).
            DisposePositions();
            _positions = Upload(next);
        }
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
        DisposePositions();
    }

    private Tensor[] Upload(TokenSequence seq) => seq.Positions.Select(axis => PositionIds.Upload(_backend, axis)).ToArray();

    private void DisposePositions()
    {
        foreach (var p in _positions)
        {
            p.Dispose();
        }

        _positions = [];
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
