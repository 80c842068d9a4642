using PruneBench.Abstractions.Model;
using PruneBench.Core.Engine;
using PruneBench.Harness.Analysis;

namespace PruneBench.Harness.Tests.Analysis;

public sealed class LayerAccumulatorTests
{
    private static readonly LayerKind[] Kinds = [LayerKind.Attention, LayerKind.Mamba, LayerKind.Mlp];

    [Fact]
    public void Per_layer_means_match_hand_computed_density_tau_overlap_retention_and_needle_recall()
    {
        var accumulator = new LayerAccumulator(Kinds, topFraction: 0.25);
        // Sample A: layer 1 ranks the tokens in reverse; two of four tokens survive into the MLP layer.
        accumulator.Add(Run([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1]], [[4, 3, 2, 1], [1, 2, 3, 4], null]), [0, 3]);
        // Sample B: layer 0 scores every token alike (τ_b undefined); nothing pruned; no needles known.
        accumulator.Add(Run([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]], [[1, 1, 1, 1], [1, 2, 3, 4], null]), []);

        var rows = accumulator.Rows("m", "b", "none", "", null);

        Assert.Equal(["attention", "mamba", "mlp"], rows.Select(r => r.LayerKind));
        Assert.All(rows, r => Assert.Equal(2, r.Samples));
        Assert.Equal([1.0, 1.0, 0.75], rows.Select(r => r.Retention));
        // A: 4+3 ≥ 50% of 10 → 2 of 4 tokens; B: 1+1 ≥ 50% of 4 → 2 of 4.
        Assert.Equal(0.5, rows[0].Density50);
        // 90%: A needs 4+3+2 of 10 → 3/4; B needs 4 of 4 → 1.
        Assert.Equal(0.875, rows[0].Density90);
        Assert.Null(rows[2].Density50); // MLP layers carry no score
        Assert.Null(rows[0].TauToPrevious);
        Assert.Equal(-1, rows[0].TauToLast); // B's constant layer 0 is left out, not counted as 0
        Assert.Equal(-1, rows[1].TauToPrevious);
        Assert.Equal(1, rows[1].TauToLast);
        Assert.Equal(0, rows[1].TopKToPrevious); // top-1: token 3 at layer 1, token 0 at layer 0 (ties: lowest index)
        Assert.Equal([2, 2, 0], rows.Select(r => r.ScoredSamples));
        Assert.Equal([1.0, 1.0, 0.5], rows.Select(r => r.NeedleRecall!.Value)); // from A only
    }

    [Fact]
    public void A_setting_label_names_the_budget_only_when_there_is_one()
    {
        var rows = new LayerAccumulator(Kinds, 0.1).Rows("m", "b", "stateful", "x=1", 0.25);

        Assert.Equal("stateful @0.25", rows[0].SettingLabel);
        Assert.Equal("none", (rows[0] with { Method = "none", Budget = null }).SettingLabel);
    }

    private static RunResult Run(int[][] survivors, float[]?[] scores)
    {
        var visual = survivors.Select(s => s.Length).ToArray();
        var metrics = new RunMetrics(visual, visual, 4, visual[^1], visual[^1] / 4.0, visual.Average() / 4, 0, 0, 0, 0, 0, 0);
        return new RunResult([], [], [], metrics, null, new ReductionTrace(survivors, scores, 4));
    }
}
