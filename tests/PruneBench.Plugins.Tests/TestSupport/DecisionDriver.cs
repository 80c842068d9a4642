using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>
/// A test harness for decisions, not a model: it walks layers −1..L−1 the way the engine does, hands the
/// reducer seeded random signals of the kinds it asked for (scores only on attention and Mamba layers, keys
/// only on attention layers, hidden states everywhere), validates each decision like the engine and applies
/// it to the token metadata. A token's signals depend only on (seed, layer, original index), so a reducer
/// sees the same values for a token whatever was pruned before.
/// </summary>
public sealed class DecisionDriver(ModelShape model, SampleLayout layout, int dataSeed = 7)
{
    public const int KeyWidth = 8;
    public const int HiddenWidth = 12;

    /// <summary>Initial token metadata of <paramref name="layout"/>.</summary>
    public static List<TokenInfo> InitialTokens(SampleLayout layout)
    {
        var tokens = new List<TokenInfo>(layout.Length);
        for (var p = 0; p < layout.Length; p++)
        {
            var v = p - layout.PrefixLength;
            if (v < 0 || v >= layout.VisualCount)
            {
                tokens.Add(new TokenInfo(TokenKind.Text, p, -1, -1, -1, -1, 1));
                continue;
            }

            var inFrame = v % layout.TokensPerFrame;
            tokens.Add(new TokenInfo(TokenKind.Visual, p, v, v / layout.TokensPerFrame, inFrame / layout.GridCols, inFrame % layout.GridCols, 1));
        }

        return tokens;
    }

    public DriverRun Run(IReducer reducer)
    {
        var tokens = InitialTokens(layout);
        var layers = model.LayerCount;
        var visualPerLayer = new int[layers];
        var survivors = new int[layers][];
        var decisions = new List<(int, ReductionDecision)>();
        for (var l = -1; l < layers; l++)
        {
            if (l >= 0)
            {
                var visual = tokens.Where(t => t.IsVisual).ToList();
                visualPerLayer[l] = visual.Count;
                survivors[l] = visual.Select(t => t.VisualIndex).ToArray();
            }

            var request = reducer.SignalsAfter(l);
            if (!request.IsActive || l == layers - 1)
            {
                continue;
            }

            var decision = reducer.Decide(Observe(l, tokens, request));
            if (decision.Kind != DecisionKind.None)
            {
                decisions.Add((l, decision));
                tokens = Apply(tokens, decision, l);
            }
        }

        return new DriverRun(visualPerLayer, survivors, decisions, tokens, layout.VisualCount);
    }

    private LayerObservation Observe(int layer, List<TokenInfo> tokens, SignalRequest request)
    {
        // Before the LLM only the embeddings exist; the engine reports Attention as a placeholder kind.
        var kind = layer < 0 ? LayerKind.Attention : model.Layers[layer];
        var start = tokens.FindIndex(t => t.IsVisual);
        var visual = tokens.Where(t => t.IsVisual).ToList();
        var wantsScore = (request.Kinds & SignalKinds.Score) != 0 && layer >= 0 && kind != LayerKind.Mlp;
        var wantsKeys = (request.Kinds & SignalKinds.Keys) != 0 && layer >= 0 && kind == LayerKind.Attention;
        var wantsHidden = (request.Kinds & SignalKinds.Hidden) != 0;
        return new LayerObservation
        {
            Layer = layer,
            Kind = kind,
            Tokens = tokens,
            VisualStart = start < 0 ? layout.PrefixLength : start,
            VisualCount = visual.Count,
            Scores = wantsScore ? visual.Select(t => (float)Value(layer, t.VisualIndex, 0)).ToArray() : null,
            Keys = wantsKeys ? new RowSignal(Rows(layer, visual, KeyWidth, 1), KeyWidth) : null,
            Hidden = wantsHidden ? new RowSignal(Rows(layer, visual, HiddenWidth, 2), HiddenWidth) : null,
        };
    }

    private float[] Rows(int layer, List<TokenInfo> visual, int width, int salt)
    {
        var rows = new float[visual.Count * width];
        for (var i = 0; i < visual.Count; i++)
        {
            for (var c = 0; c < width; c++)
            {
                rows[i * width + c] = (float)(2 * Value(layer, visual[i].VisualIndex, salt * 1000 + c) - 1);
            }
        }

        return rows;
    }

    /// <summary>Uniform [0, 1) from (seed, layer, original index, salt): independent of what was pruned.</summary>
    private double Value(int layer, int visualIndex, int salt) =>
        new System.Random(HashCode.Combine(dataSeed, layer, visualIndex, salt)).NextDouble();

    /// <summary>Validates like the engine and applies: prune, or merge sources into targets (sizes add).</summary>
    public static List<TokenInfo> Apply(List<TokenInfo> tokens, ReductionDecision decision, int layer)
    {
        var start = tokens.FindIndex(t => t.IsVisual);
        var count = tokens.Count(t => t.IsVisual);
        var visual = tokens.Skip(start).Take(count).ToArray();
        bool[] keep;
        if (decision.Kind == DecisionKind.Keep)
        {
            CheckAscendingInRange(decision.Kept, count, layer, "kept");
            keep = new bool[count];
            foreach (var i in decision.Kept)
            {
                keep[i] = true;
            }
        }
        else
        {
            CheckAscendingInRange(decision.Sources, count, layer, "sources");
            keep = Enumerable.Repeat(true, count).ToArray();
            foreach (var s in decision.Sources)
            {
                keep[s] = false;
            }

            for (var i = 0; i < decision.Sources.Count; i++)
            {
                var target = decision.Targets[i];
                if (target < 0 || target >= count || !keep[target])
                {
                    throw new InvalidOperationException($"layer {layer}: merge target {target} is out of range or itself a source.");
                }

                visual[target] = visual[target] with { Size = visual[target].Size + visual[decision.Sources[i]].Size };
            }
        }

        return tokens.Take(start).Concat(visual.Where((_, i) => keep[i])).Concat(tokens.Skip(start + count)).ToList();
    }

    private static void CheckAscendingInRange(IReadOnlyList<int> indices, int count, int layer, string what)
    {
        for (var i = 0; i < indices.Count; i++)
        {
            if (indices[i] < 0 || indices[i] >= count || (i > 0 && indices[i] <= indices[i - 1]))
            {
                throw new InvalidOperationException($"layer {layer}: {what}[{i}] = {indices[i]} is out of 0..{count - 1} or not strictly ascending.");
            }
        }
    }
}
