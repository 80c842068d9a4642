using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Builtin.Vas;

/// <summary>
/// Visual Attention Shrinking (VAS, Algorithm 1). After each tracked layer k: I_k = attention of Q to the
/// visual tokens as an [m frames, n positions] grid; T_k = per-frame sums, S_k = per-position sums. A drop
/// happens when more than a fraction r of the frame (or position) groups shrank over the last three layers,
/// or when no drop happened in the last <c>interval</c> layers; it removes ≈ r of the current tokens as whole
/// frames or positions ranked by X_k − X_{k−1} + X_{k−2}, lowest first.
/// </summary>
internal sealed class VasReducer : IReducer
{
    private readonly VasParameters _p;
    private readonly SampleLayout _layout;
    private readonly ModelShape _model;
    private readonly SignalRequest _request;
    private readonly GroupTrend _frames;
    private readonly GroupTrend _positions;
    private int _lastDrop;

    public VasReducer(VasParameters parameters, SampleLayout layout, ModelShape model)
    {
        _p = parameters;
        _layout = layout;
        _model = model;
        _request = new SignalRequest(SignalKinds.Score, parameters.Queries);
        _frames = new GroupTrend(layout.Frames);
        _positions = new GroupTrend(layout.TokensPerFrame);
        _lastDrop = parameters.StartLayer - 1;
    }

    public SignalRequest SignalsAfter(int layer) => Tracks(_p, _model, layer) ? _request : SignalRequest.Nothing;

    /// <summary>Attention levels are tracked after layers start..end that have a mixer score (not MLP).</summary>
    internal static bool Tracks(VasParameters p, ModelShape model, int layer) =>
        layer >= p.StartLayer && layer <= p.EndLayer && model.Layers[layer] != LayerKind.Mlp;

    public ReductionDecision Decide(LayerObservation observation)
    {
        var count = observation.VisualCount;
        var scores = observation.Scores
            ?? throw new InvalidOperationException($"vas: layer {observation.Layer} ({observation.Kind}) delivered no score.");

        // Shares × V: a uniform layer scores 1 per token, so a group's level does not jump when other
        // groups are dropped, and layers of different scales compare (METHODS.md normalisation).
        var shares = ScoreNormalization.Shares(scores);
        var frameOf = new int[count];
        var positionOf = new int[count];
        var frameLevel = NaNs(_layout.Frames);
        var positionLevel = NaNs(_layout.TokensPerFrame);
        for (var i = 0; i < count; i++)
        {
            var token = observation.Visual(i);
            frameOf[i] = token.Frame;
            positionOf[i] = token.VisualIndex % _layout.TokensPerFrame;
            var level = shares[i] * count;
            frameLevel[frameOf[i]] = Add(frameLevel[frameOf[i]], level);
            positionLevel[positionOf[i]] = Add(positionLevel[positionOf[i]], level);
        }

        _frames.Push(frameLevel);
        _positions.Push(positionLevel);
        var aliveFrames = frameOf.Distinct().Order().ToList();
        var alivePositions = positionOf.Distinct().Order().ToList();
        var temporal = _frames.ShrinkingFraction(aliveFrames);
        var spatial = _positions.ShrinkingFraction(alivePositions);
        var triggered = temporal > _p.Drop || spatial > _p.Drop;
        if (!triggered && observation.Layer - _lastDrop < _p.Interval)
        {
            return ReductionDecision.None;
        }

        // The axis whose shrinking condition fired (temporal first); when only the interval forced the
        // drop, the axis that shrank more.
        var axis = temporal > _p.Drop ? VasAxis.Temporal
            : spatial > _p.Drop ? VasAxis.Spatial
            : temporal >= spatial ? VasAxis.Temporal : VasAxis.Spatial;
        if ((axis == VasAxis.Temporal ? aliveFrames : alivePositions).Count < 2)
        {
            axis = axis == VasAxis.Temporal ? VasAxis.Spatial : VasAxis.Temporal;
        }

        var (alive, trend, groupOf) = axis == VasAxis.Temporal ? (aliveFrames, _frames, frameOf) : (alivePositions, _positions, positionOf);
        if (alive.Count < 2)
        {
            return ReductionDecision.None;
        }

        var remove = Math.Clamp((int)Math.Round(_p.Drop * alive.Count, MidpointRounding.AwayFromZero), 1, alive.Count - 1);
        var removed = TopKSelection.LowestAscending(alive.Select(trend.Rank).ToArray(), remove)
            .Select(i => alive[i]).ToHashSet();
        _lastDrop = observation.Layer;
        return ReductionDecision.Keep(Enumerable.Range(0, count).Where(i => !removed.Contains(groupOf[i])).ToArray());
    }

    private static double Add(double total, double x) => double.IsNaN(total) ? x : total + x;

    private static double[] NaNs(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
