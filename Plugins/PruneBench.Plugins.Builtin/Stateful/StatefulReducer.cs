using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.Stateful;

/// <summary>
/// Stateful all-layer reduction: keeps a running score per ORIGINAL visual index across layers, updated
/// from each scored layer's normalised score (query attention or implicit attention), reused unchanged on
/// MLP layers; after every layer where the schedule drops, keeps the top tokens by running score.
/// </summary>
internal sealed class StatefulReducer : IReducer
{
    private readonly RetentionSchedule _schedule;
    private readonly IReadOnlySet<int> _scoredLayers;
    private readonly SignalRequest _request;
    private readonly double _beta;
    private readonly int _visualCount;
    // [N_v] running score by original visual index; NaN until the token is first scored.
    private readonly double[] _running;

    /// <param name="schedule">Planned retention per layer.</param>
    /// <param name="scoredLayers">Layers after which a score is requested (decision layers and the layers whose score they reuse).</param>
    /// <param name="request">Score request (queries, implicit variant, transform).</param>
    /// <param name="beta">EMA weight of the previous running score.</param>
    /// <param name="visualCount">N_v of the sample.</param>
    public StatefulReducer(RetentionSchedule schedule, IReadOnlySet<int> scoredLayers, SignalRequest request, double beta, int visualCount)
    {
        _schedule = schedule;
        _scoredLayers = scoredLayers;
        _request = request;
        _beta = beta;
        _visualCount = visualCount;
        _running = new double[visualCount];
        Array.Fill(_running, double.NaN);
    }

    public SignalRequest SignalsAfter(int layer) => _scoredLayers.Contains(layer) ? _request : SignalRequest.Nothing;

    public ReductionDecision Decide(LayerObservation observation)
    {
        var count = observation.VisualCount;
        if (observation.Scores is { } scores)
        {
            var shares = ScoreNormalization.Shares(scores);
            for (var i = 0; i < count; i++)
            {
                var index = observation.Visual(i).VisualIndex;
                var previous = _running[index];
                _running[index] = double.IsNaN(previous) ? shares[i] : _beta * previous + (1 - _beta) * shares[i];
            }
        }

        var target = _schedule.Count(observation.Layer + 1, _visualCount);
        if (!_schedule.DropsAfter(observation.Layer) || target >= count)
        {
            return ReductionDecision.None;
        }

        var ranking = new float[count];
        for (var i = 0; i < count; i++)
        {
            var value = _running[observation.Visual(i).VisualIndex];
            ranking[i] = double.IsNaN(value)
                ? throw new InvalidOperationException($"stateful: no score for visual token {observation.Visual(i).VisualIndex} at layer {observation.Layer} ({observation.Kind}).")
                : (float)value;
        }

        return ReductionDecision.Keep(TopKSelection.Ascending(ranking, target));
    }
}
