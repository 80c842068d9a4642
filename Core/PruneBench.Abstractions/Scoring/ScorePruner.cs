using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Abstractions.Scoring;

/// <summary>
/// The per-sample plan of a <see cref="ScorePruningMethod{TParameters}"/>: one optional <see cref="ScoreStep"/> after
/// each layer. prunebench's engine reads <see cref="StepAfter"/> and runs the plan on the device (score, blend,
/// top-k and compaction without a host round trip). Any other engine drives it as an ordinary
/// <see cref="IReducer"/>: that host path is the reference the device path is tested against, and computes the
/// same numbers (fp32 running score, <see cref="ScoreNormalization.Blend"/>, <see cref="TopKSelection.Ascending"/>).
/// </summary>
public sealed class ScorePruner : IReducer
{
    private readonly ScoreStep?[] _steps;
    // [alive visual tokens] running score, aligned with the current visual run; null before the first score.
    private float[]? _running;

    /// <summary>Checks and holds a plan.</summary>
    /// <param name="method">Method name, for errors.</param>
    /// <param name="layers">Kind of each decoder layer.</param>
    /// <param name="steps">[L + 1] steps; entry ℓ + 1 is the step after layer ℓ (entry 0: before the LLM), null for none.</param>
    /// <param name="visualCount">N_v of the sample.</param>
    /// <param name="seed">Seed of <see cref="ScoreSignal.Random"/> scores.</param>
    /// <exception cref="InvalidOperationException">
    /// A step asks for a signal its layer cannot give, keeps a count outside 0..N_v, blends with β outside [0, 1], or
    /// would drop tokens before any score exists; the message names the method and the layer.
    /// </exception>
    public ScorePruner(string method, IReadOnlyList<LayerKind> layers, IReadOnlyList<ScoreStep?> steps, int visualCount, int seed)
    {
        if (steps.Count != layers.Count + 1)
        {
            throw new ArgumentException($"{method}: a score plan has one step per layer plus one before the LLM ({layers.Count + 1}), not {steps.Count}.", nameof(steps));
        }

        Method = method;
        VisualCount = visualCount;
        Seed = seed;
        _steps = [.. steps];
        var scored = false;
        for (var i = 0; i < _steps.Length; i++)
        {
            if (_steps[i] is not { } step)
            {
                continue;
            }

            var layer = i - 1;
            string Where() => $"{method}: the score step after layer {layer}";
            if (step.Score is null)
            {
                throw new InvalidOperationException($"{Where()} has no score request (use ScoreRequest.Previous for none).");
            }

            if (step.Score.ProblemAt(layer < 0 ? null : layers[layer]) is { } problem)
            {
                throw new InvalidOperationException($"{Where()} is invalid: {problem}.");
            }

            if (step.Keep < 0 || step.Keep > visualCount)
            {
                throw new InvalidOperationException($"{Where()} keeps {step.Keep} visual tokens, outside 0..{visualCount} (the sample's visual tokens).");
            }

            if (!(step.Score.Blend >= 0 && step.Score.Blend <= 1))
            {
                throw new InvalidOperationException($"{Where()} blends with β = {step.Score.Blend}, outside [0, 1].");
            }

            scored |= step.Score.Signal != ScoreSignal.Previous;
            if (!scored && step.Keep < visualCount)
            {
                throw new InvalidOperationException($"{Where()} keeps {step.Keep} of {visualCount} visual tokens, but no score has been computed by then.");
            }
        }
    }

    /// <summary>Method name.</summary>
    public string Method { get; }

    /// <summary>N_v of the sample.</summary>
    public int VisualCount { get; }

    /// <summary>Seed of the sample.</summary>
    public int Seed { get; }

    /// <summary>The step after <paramref name="layer"/> (−1 = before the LLM), or null.</summary>
    public ScoreStep? StepAfter(int layer) => layer + 1 < _steps.Length ? _steps[layer + 1] : null;

    /// <summary>[count] seeded uniform scores in [0, 1) for the visual tokens alive after <paramref name="layer"/>.</summary>
    public float[] RandomScores(int layer, int count)
    {
        var rng = new System.Random(unchecked((Seed * 1_000_003) + layer + 1));
        var scores = new float[count];
        for (var i = 0; i < count; i++)
        {
            scores[i] = rng.NextSingle();
        }

        return scores;
    }

    /// <inheritdoc />
    public SignalRequest SignalsAfter(int layer) => StepAfter(layer)?.Score switch
    {
        null => SignalRequest.Nothing,
        { Signal: ScoreSignal.QueryAttention } s => new SignalRequest(SignalKinds.Score, s.Queries, Heads: s.Heads),
        { Signal: ScoreSignal.ImplicitAttention } s => new SignalRequest(SignalKinds.Score, s.Queries, s.Implicit, s.Transform),
        { Signal: ScoreSignal.InverseKeyNorm } => new SignalRequest(SignalKinds.Keys),
        _ => new SignalRequest(SignalKinds.Decision),
    };

    /// <inheritdoc />
    public ReductionDecision Decide(LayerObservation observation)
    {
        var step = StepAfter(observation.Layer) ?? throw new InvalidOperationException($"{Method}: called after layer {observation.Layer}, which has no step.");
        var count = observation.VisualCount;
        var current = step.Score.Signal switch
        {
            ScoreSignal.QueryAttention or ScoreSignal.ImplicitAttention => observation.Scores
                ?? throw new InvalidOperationException($"{Method}: layer {observation.Layer} ({observation.Kind}) delivered no score."),
            ScoreSignal.InverseKeyNorm => InverseNorms(observation.Keys
                ?? throw new InvalidOperationException($"{Method}: layer {observation.Layer} ({observation.Kind}) delivered no keys.")),
            ScoreSignal.Random => RandomScores(observation.Layer, count),
            _ => null,
        };
        if (current is not null)
        {
            var first = _running is null;
            _running ??= new float[count];
            ScoreNormalization.Blend(_running, current, first ? 0 : (float)step.Score.Blend);
        }

        if (step.Keep >= count)
        {
            return ReductionDecision.None;
        }

        var kept = TopKSelection.Ascending(_running, step.Keep);
        _running = [.. kept.Select(i => _running![i])];
        return ReductionDecision.Keep(kept);
    }

    /// <summary>[V] 1 / ‖row‖₂ of head-mean keys [V, d], in fp32 as the device op (1e-30 guards a zero key).</summary>
    private static float[] InverseNorms(RowSignal keys)
    {
        var result = new float[keys.Rows];
        for (var r = 0; r < result.Length; r++)
        {
            var sum = 0f;
            foreach (var v in keys.Values.AsSpan(r * keys.Width, keys.Width))
            {
                sum += v * v;
            }

            result[r] = 1 / MathF.Max(MathF.Sqrt(sum), 1e-30f);
        }

        return result;
    }
}
