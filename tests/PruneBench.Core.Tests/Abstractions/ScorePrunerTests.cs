using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Core.Tests.Abstractions;

/// <summary>The score plan's checks and its host path (the reference the engine's device path is compared with).</summary>
public sealed class ScorePrunerTests
{
    private static readonly LayerKind[] Layers = [LayerKind.Mamba, LayerKind.Attention, LayerKind.Mlp, LayerKind.Attention];

    private static ScorePruner Plan(params (int Layer, ScoreStep Step)[] steps)
    {
        var table = new ScoreStep?[Layers.Length + 1];
        foreach (var (layer, step) in steps)
        {
            table[layer + 1] = step;
        }

        return new ScorePruner("demo", Layers, table, visualCount: 10, seed: 3);
    }

    [Theory]
    [InlineData(0, ScoreSignal.QueryAttention, "after layer 0", "QueryAttention, which a Mamba layer cannot give")]
    [InlineData(1, ScoreSignal.ImplicitAttention, "after layer 1", "only Mamba layers have implicit attention")]
    [InlineData(2, ScoreSignal.InverseKeyNorm, "after layer 2", "a Mlp layer cannot give")]
    [InlineData(-1, ScoreSignal.QueryAttention, "after layer -1", "the input embeddings (before the LLM)")]
    public void A_step_asking_for_a_signal_its_layer_cannot_give_is_rejected_naming_method_and_layer(int layer, ScoreSignal signal, string where, string what)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Plan((layer, new ScoreStep(new ScoreRequest(signal), 5))));
        Assert.StartsWith("demo: the score step " + where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "keeps -1 visual tokens, outside 0..10")]
    [InlineData(11, "keeps 11 visual tokens, outside 0..10")]
    public void A_keep_count_outside_zero_to_the_visual_count_is_rejected(int keep, string what)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Plan((1, new ScoreStep(ScoreRequest.QueryAttention(), keep))));
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_before_any_score_exists_is_rejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Plan((2, new ScoreStep(ScoreRequest.Previous, 4))));
        Assert.Contains("no score has been computed by then", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_path_blends_scores_and_keeps_the_top_of_the_running_score()
    {
        var pruner = Plan((1, new ScoreStep(ScoreRequest.QueryAttention(), 10)), (2, new ScoreStep(ScoreRequest.Previous, 10)),
            (3, new ScoreStep(ScoreRequest.QueryAttention(blend: 0.5), 2)));
        var tokens = Enumerable.Range(0, 12).Select(i => i is 0 or 11
            ? new TokenInfo(TokenKind.Text, i, -1, -1, -1, -1, 1)
            : new TokenInfo(TokenKind.Visual, i, i - 1, 0, 0, i - 1, 1)).ToList();
        LayerObservation After(int layer, float[]? scores) =>
            new() { Layer = layer, Kind = Layers[layer], Tokens = tokens, VisualStart = 1, VisualCount = 10, Scores = scores };

        Assert.Equal(SignalKinds.Score, pruner.SignalsAfter(1).Kinds);
        Assert.Equal(SignalKinds.Decision, pruner.SignalsAfter(2).Kinds);
        Assert.False(pruner.SignalsAfter(0).IsActive);
        Assert.Equal(DecisionKind.None, pruner.Decide(After(1, [10, 0, 0, 0, 0, 0, 0, 0, 0, 10])).Kind);
        Assert.Equal(DecisionKind.None, pruner.Decide(After(2, null)).Kind);
        // Running: 0.5 at 0 and 9; then 0.5·running + 0.5·share with all of the new mass on 4: 0.5 at 4, 0.25 at 0
        // and 9, whose tie goes to the lower index.
        var decision = pruner.Decide(After(3, [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]));
        Assert.Equal([0, 4], decision.Kept);
    }
}
