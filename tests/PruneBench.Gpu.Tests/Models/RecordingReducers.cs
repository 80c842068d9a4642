using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>One decision a test reducer took, with the per-visual-token values it ranked ([visual]).</summary>
/// <param name="Layer">Layer after which it decided (−1 = before layer 0).</param>
/// <param name="Ranked">Score (or pair similarity) per candidate, as observed.</param>
/// <param name="Chosen">Candidates chosen (kept tokens, or merged pairs by their A-side index), ascending.</param>
public sealed record RecordedDecision(int Layer, float[] Ranked, int[] Chosen);

/// <summary>
/// Prunes at every layer that yields a score (query attention on attention layers, implicit attention
/// on Mamba layers): keeps the top three quarters of the current visual tokens. Records every decision.
/// </summary>
public sealed class TopScoreReducer(ImplicitVariant variant) : IReducer
{
    public List<RecordedDecision> Decisions { get; } = [];

    public SignalRequest SignalsAfter(int layer) => layer < 0 ? SignalRequest.Nothing : new SignalRequest(SignalKinds.Score, Implicit: variant);

    public ReductionDecision Decide(LayerObservation observation)
    {
        if (observation.Scores is not { } scores || observation.VisualCount < 2)
        {
            return ReductionDecision.None;
        }

        var keep = Math.Max(1, observation.VisualCount * 3 / 4);
        var kept = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(keep).Order().ToArray();
        Decisions.Add(new RecordedDecision(observation.Layer, scores, kept));
        return ReductionDecision.Keep(kept);
    }
}

/// <summary>
/// ToMe-style bipartite merge before layer 0 and after layer 0: even visual tokens (A) merge into their odd
/// right neighbour (B) for the quarter of pairs with the most similar hidden states (cosine). Records the
/// similarity of every pair and the pairs chosen.
/// </summary>
public sealed class PairMergeReducer : IReducer
{
    public List<RecordedDecision> Decisions { get; } = [];

    public SignalRequest SignalsAfter(int layer) => layer <= 0 ? new SignalRequest(SignalKinds.Hidden) : SignalRequest.Nothing;

    public ReductionDecision Decide(LayerObservation observation)
    {
        var (v, w, hidden) = (observation.VisualCount, observation.Hidden!.Width, observation.Hidden.Values);
        var pairs = v / 2;
        var similarity = new float[pairs];
        for (var p = 0; p < pairs; p++)
        {
            var a = hidden.AsSpan(2 * p * w, w);
            var b = hidden.AsSpan(((2 * p) + 1) * w, w);
            similarity[p] = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
        }

        var chosen = Enumerable.Range(0, pairs).OrderByDescending(p => similarity[p]).ThenBy(p => p).Take(Math.Max(1, pairs / 4)).Order().ToArray();
        Decisions.Add(new RecordedDecision(observation.Layer, similarity, chosen));
        return ReductionDecision.Merge([.. chosen.Select(p => 2 * p)], [.. chosen.Select(p => (2 * p) + 1)]);
    }
}
