using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Vas;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Vas;

public class VasReducerTests
{
    // 4 frames × 2 positions (grid 1×2), no text.
    private static readonly SampleLayout Layout = new(0, 4, 2, 0, 1, 2);

    /// <summary>
    /// Scores giving frame f the share <paramref name="frameShares"/>[f], split over the two positions as
    /// (split, 1 − split). Alternating the split between layers keeps the position sums from ever shrinking
    /// three layers in a row, so only the temporal rule can fire.
    /// </summary>
    private static float[] Scores(float split, params float[] frameShares) =>
        frameShares.SelectMany(s => new[] { s * split, s * (1 - split) }).ToArray();

    [Fact]
    public void Trend_rule_drops_the_lowest_ranked_frame_when_enough_frames_shrink()
    {
        // Levels are shares × V (V = 8): T_k = 8·share per frame.
        //   layer 0: shares (.25, .25, .25, .25)
        //   layer 1: shares (.30, .20, .20, .30)
        //   layer 2: shares (.35, .15, .25, .25)   frame 1 shrank over 3 layers: 1/4 = 0.25 ≤ r = 0.3 → no drop
        //   layer 3: shares (.40, .10, .30, .20)   frames 1 and 3 shrank: 2/4 = 0.5 > 0.3 → temporal drop
        // Drop round(0.3·4) = 1 frame, ranked by T3 − T2 + T1 = 8·(.40 − .35 + .30, .10 − .15 + .20, .30 − .25 + .20, .20 − .25 + .30)
        //   = (2.8, 1.2, 2.0, 2.0) → frame 1 (tokens 2, 3) goes.
        var reducer = new VasReducer(new VasParameters { StartLayer = 0, EndLayer = 5, Drop = 0.3, Interval = 10 }, Layout, TestShapes.Dense);
        var tokens = DecisionDriver.InitialTokens(Layout);
        float[][] layers =
        [
            Scores(0.6f, 0.25f, 0.25f, 0.25f, 0.25f),
            Scores(0.4f, 0.30f, 0.20f, 0.20f, 0.30f),
            Scores(0.6f, 0.35f, 0.15f, 0.25f, 0.25f),
            Scores(0.4f, 0.40f, 0.10f, 0.30f, 0.20f),
        ];

        var decisions = layers.Select((s, l) => reducer.Decide(Observations.WithScores(l, tokens, s))).ToList();

        Assert.All(decisions.Take(3), d => Assert.Equal(DecisionKind.None, d.Kind));
        Assert.Equal(DecisionKind.Keep, decisions[3].Kind);
        Assert.Equal([0, 1, 4, 5, 6, 7], decisions[3].Kept);
    }

    [Fact]
    public void Without_a_trend_the_interval_rule_forces_a_drop_after_start_plus_interval_minus_one()
    {
        // Uniform attention never shrinks; with start 1 and interval 3 the first drop comes after layer 3 and
        // removes round(0.3·4) = 1 frame; equal ranks drop the earliest frame.
        var reducer = new VasReducer(new VasParameters { StartLayer = 1, EndLayer = 8, Drop = 0.3, Interval = 3 }, Layout, TestShapes.Dense);
        var tokens = DecisionDriver.InitialTokens(Layout);
        var uniform = Scores(0.5f, 0.25f, 0.25f, 0.25f, 0.25f);

        Assert.False(reducer.SignalsAfter(0).IsActive);
        Assert.Equal(DecisionKind.None, reducer.Decide(Observations.WithScores(1, tokens, uniform)).Kind);
        Assert.Equal(DecisionKind.None, reducer.Decide(Observations.WithScores(2, tokens, uniform)).Kind);
        var drop = reducer.Decide(Observations.WithScores(3, tokens, uniform));
        Assert.Equal([2, 3, 4, 5, 6, 7], drop.Kept);
    }

    [Fact]
    public void Drops_remove_whole_frames_or_whole_positions()
    {
        var model = TestShapes.Dense;
        var configured = new VasMethod().Configure(Methods.Args(""), null, model);
        var run = new DecisionDriver(model, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));

        Assert.NotEmpty(run.Decisions);
        var n = TestShapes.Video.TokensPerFrame;
        foreach (var survivors in run.SurvivorsPerLayer)
        {
            // Survivors are always a full product of alive frames × alive positions.
            var frames = survivors.Select(v => v / n).Distinct().Count();
            var positions = survivors.Select(v => v % n).Distinct().Count();
            Assert.Equal(frames * positions, survivors.Length);
        }
    }
}
