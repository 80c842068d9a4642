using PruneBench.Abstractions.Model;
using PruneBench.Core.Analysis;
using PruneBench.Core.Engine;

namespace PruneBench.Harness.Analysis;

/// <summary>
/// Sums the per-layer analysis of one method setting's engine runs, sample by sample, and turns them into
/// <see cref="LayerAnalysisRow"/>s. Undefined values (NaN: a layer without a score, τ_b of a constant
/// ranking) are left out of a mean rather than counted as zero.
/// </summary>
public sealed class LayerAccumulator
{
    private readonly IReadOnlyList<LayerKind> _kinds;
    private readonly double _topFraction;
    private readonly RunningMean[] _retention, _density50, _density80, _density90, _tauPrevious, _tauLast, _topK, _needles;
    private readonly int[] _scored;
    private int _samples;

    /// <summary>An empty accumulator for a model with these layer kinds.</summary>
    /// <param name="kinds">[L] kind of each layer.</param>
    /// <param name="topFraction">k of the top-k overlap as a fraction, in (0, 1].</param>
    public LayerAccumulator(IReadOnlyList<LayerKind> kinds, double topFraction)
    {
        _kinds = kinds;
        _topFraction = topFraction;
        RunningMean[] New() => Enumerable.Range(0, kinds.Count).Select(_ => new RunningMean()).ToArray();
        (_retention, _density50, _density80, _density90) = (New(), New(), New(), New());
        (_tauPrevious, _tauLast, _topK, _needles) = (New(), New(), New(), New());
        _scored = new int[kinds.Count];
    }

    /// <summary>Adds one sample's engine run (recorded with <c>RunOptions.RecordScores</c>).</summary>
    /// <param name="result">The run.</param>
    /// <param name="needles">The sample's ground-truth relevant visual indices; empty when the benchmark has none.</param>
    public void Add(RunResult result, IReadOnlyCollection<int> needles)
    {
        _samples++;
        var trace = result.Trace;
        for (var l = 0; l < _kinds.Count; l++)
        {
            _retention[l].Add(result.Metrics.VisualPerLayer[l] / (double)result.Metrics.VisualIn);
        }

        Add(_density50, ScoreDensity.PerLayer(trace, 0.5));
        Add(_density80, ScoreDensity.PerLayer(trace, 0.8));
        Add(_density90, ScoreDensity.PerLayer(trace, 0.9));
        foreach (var row in ScoreStability.Compute(trace, _topFraction))
        {
            _tauPrevious[row.Layer].Add(row.TauToPrevious);
            _tauLast[row.Layer].Add(row.TauToLast);
            _topK[row.Layer].Add(row.TopKToPrevious);
        }

        for (var l = 0; l < _kinds.Count; l++)
        {
            if (trace.Scores[l] is { } s && s.Count(v => !float.IsNaN(v)) >= 2)
            {
                _scored[l]++;
            }
        }

        if (needles.Count > 0)
        {
            Add(_needles, NeedleRecall.PerLayer(trace, needles));
        }
    }

    /// <summary>One row per layer for the setting these runs belong to.</summary>
    public IReadOnlyList<LayerAnalysisRow> Rows(string model, string benchmark, string method, string methodParams, double? budget) =>
        Enumerable.Range(0, _kinds.Count).Select(l => new LayerAnalysisRow(
            model, benchmark, method, methodParams, budget, l, _kinds[l].ToString().ToLowerInvariant(), _samples, _scored[l],
            _retention[l].Value ?? double.NaN,
            _density50[l].Value, _density80[l].Value, _density90[l].Value,
            _tauPrevious[l].Value, _tauLast[l].Value, _topK[l].Value, _topFraction, _needles[l].Value)).ToArray();

    private static void Add(RunningMean[] means, double[] values)
    {
        for (var l = 0; l < values.Length; l++)
        {
            means[l].Add(values[l]);
        }
    }
}
