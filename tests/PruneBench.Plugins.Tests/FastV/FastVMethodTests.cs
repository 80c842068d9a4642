using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Plugins.Builtin.FastV;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.FastV;

public class FastVMethodTests
{
    [Fact]
    public void Keeps_the_top_scored_visual_tokens_of_layer_k_minus_one_by_the_last_token()
    {
        var model = TestShapes.Dense;
        var reducer = new FastVMethod().Configure(Methods.Args(""), null, model).CreateReducer(TestShapes.Video, 1);
        Assert.False(reducer.SignalsAfter(0).IsActive);
        var request = reducer.SignalsAfter(1);
        Assert.Equal(SignalKinds.Score, request.Kinds);
        Assert.Equal(QuerySelection.LastToken, request.Queries);

        var scores = Enumerable.Range(0, 128).Select(i => (float)((i * 53) % 128)).ToArray();
        var decision = reducer.Decide(Observations.WithScores(1, DecisionDriver.InitialTokens(TestShapes.Video), scores));
        Assert.Equal(Enumerable.Range(0, 128).Where(i => scores[i] >= 64), decision.Kept);
    }

    [Fact]
    public void On_a_hybrid_k_minus_one_moves_to_the_next_attention_layer()
    {
        // hybrid20 = M - A - M - M A …: attention layers are 2, 7, 12, 17, so k=5 becomes k=8 (decision after layer 7).
        var configured = new FastVMethod().Configure(Methods.Args("k=5"), null, TestShapes.Hybrid);
        Assert.Equal("8", Canonical.Text(configured, "k"));
        Assert.Equal("7", new DecisionDriver(TestShapes.Hybrid, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1)).ReducedAfter);
    }

    [Fact]
    public void With_the_implicit_signal_a_mamba_layer_is_used_and_mlp_layers_are_skipped()
    {
        // Layer 4 is Mamba: k=5 stays. Layer 3 is MLP: k=4 moves to the Mamba layer 4, i.e. k=5.
        var configured = new FastVMethod().Configure(Methods.Args("k=5;signal=implicit"), null, TestShapes.Hybrid);
        Assert.Equal("5", Canonical.Text(configured, "k"));
        var mlp = new FastVMethod().Configure(Methods.Args("k=4;signal=implicit"), null, TestShapes.Hybrid);
        Assert.Equal("5", Canonical.Text(mlp, "k"));
    }
}
