using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Engine;

/// <summary>The engine's bookkeeping around decisions: caches, positions, merges, metrics and validation.</summary>
public sealed class ReductionEngineTests
{
    /// <summary>Applies one fixed decision after one layer.</summary>
    private sealed class FixedDecision(int layer, Func<LayerObservation, ReductionDecision> decide, SignalKinds kinds = SignalKinds.Score) : IReducer
    {
        public SignalRequest SignalsAfter(int l) => l == layer ? new SignalRequest(kinds) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => decide(observation);
    }

    private static readonly int[] Kept = [0, 2, 3, 7, 11, 12, 13, 19, 23];

    [Theory]
    [InlineData("llama", 1)]
    [InlineData("qwen3", 0)]
    [InlineData("nemotron_h_groups", 1)]
    [InlineData("nemotron_h_groups", 3)]
    public void Decoding_after_reduction_equals_recomputing_the_longer_prompt_with_the_same_reduction(string name, int layer)
    {
        var (prompt, reference) = Fixtures.Load(name);
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir(name), new CpuBackend());
        var engine = new ReductionEngine(model);
        var decoded = engine.Run(prompt, new FixedDecision(layer, _ => ReductionDecision.Keep(Kept)), new RunOptions(DecodeSteps: 2));

        // From scratch: the prompt plus the first generated token, same decision at the same layer.
        var l = prompt.Layout;
        var longer = new Prompt([.. prompt.TokenIds, decoded.Generated[0]], l with { SuffixLength = l.SuffixLength + 1 }, prompt.VisualEmbeddings);
        var recomputed = engine.Run(longer, new FixedDecision(layer, _ => ReductionDecision.Keep(Kept)), RunOptions.Default);
        Assert.True(Fixtures.MaxAbsDiff(decoded.DecodeLogits[0], recomputed.LastLogits) <= 1e-4f * Fixtures.MaxAbs(recomputed.LastLogits));
    }

    [Fact]
    public void Layers_keep_their_own_lengths_and_retention_is_measured_per_layer()
    {
        var (prompt, reference) = Fixtures.Load("nemotron_h_groups");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("nemotron_h_groups"), new CpuBackend());
        var result = new ReductionEngine(model).Run(prompt, new FixedDecision(2, _ => ReductionDecision.Keep(Kept)), RunOptions.Default);
        var m = result.Metrics;
        var n = prompt.Layout.VisualCount;
        Assert.Equal([n, n, n, Kept.Length, Kept.Length, Kept.Length, Kept.Length], m.VisualPerLayer);
        Assert.Equal((double)Kept.Length / n, m.RetentionFinal, 12);
        Assert.Equal((3.0 * n + 4 * Kept.Length) / 7 / n, m.RetentionMean, 12);
        Assert.Equal(prompt.Layout.Length - (n - Kept.Length), m.TokensPerLayer[^1]);
        // Two attention layers (1 and 4): layer 1 holds every token, layer 4 only the survivors.
        var c = model.Config;
        Assert.Equal(2L * 4 * c.KeyValueHeads * c.HeadDim * (m.TokensPerLayer[1] + m.TokensPerLayer[4]), m.KvCacheBytes);
        var unreduced = new ReductionEngine(model).Run(prompt, null, RunOptions.Default).Metrics;
        Assert.True(m.PrefillFlops < unreduced.PrefillFlops);
        Assert.Equal(1.0, unreduced.RetentionMean);
    }

    [Fact]
    public void A_reducer_that_never_asks_gives_logits_identical_to_no_reducer()
    {
        var (prompt, reference) = Fixtures.Load("nemotron_h");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("nemotron_h"), new CpuBackend());
        var engine = new ReductionEngine(model);
        var plain = engine.Run(prompt, null, RunOptions.Default);
        var silent = engine.Run(prompt, new FixedDecision(99, _ => ReductionDecision.None), RunOptions.Default);
        Assert.Equal(plain.LastLogits, silent.LastLogits);
    }

    [Fact]
    public void Merging_averages_hidden_states_by_size_and_tracks_sizes()
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        float[]? hiddenAfter = null;
        IReadOnlyList<TokenInfo>? tokensAfter = null;
        var reducer = new Sequence(
            (-1, o => ReductionDecision.Merge([1, 2], [0, 0])),
            (0, o =>
            {
                tokensAfter = o.Tokens;
                hiddenAfter = o.Hidden?.Values;
                return ReductionDecision.None;
            }));
        new ReductionEngine(model).Run(prompt, reducer, RunOptions.Default);
        var start = prompt.Layout.PrefixLength;
        Assert.Equal(3f, tokensAfter![start].Size);
        Assert.Equal(3, tokensAfter[start + 1].VisualIndex);
        Assert.Equal(prompt.Layout.VisualCount - 2, tokensAfter.Count(t => t.IsVisual));
        Assert.NotNull(hiddenAfter);
    }

    [Theory]
    [InlineData(new[] { 3, 3 }, "duplicated")]
    [InlineData(new[] { 5, 2 }, "not sorted")]
    [InlineData(new[] { 24 }, "outside the 24 visual tokens")]
    [InlineData(new[] { -1 }, "outside the 24 visual tokens")]
    public void An_invalid_keep_decision_names_the_reducer_and_the_layer(int[] kept, string problem)
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        var e = Assert.Throws<ReductionException>(() =>
            new ReductionEngine(model).Run(prompt, new FixedDecision(1, _ => ReductionDecision.Keep(kept)), RunOptions.Default, "badone"));
        Assert.Contains("reducer 'badone' after layer 1", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_into_a_token_that_is_itself_merged_is_rejected()
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        var e = Assert.Throws<ReductionException>(() =>
            new ReductionEngine(model).Run(prompt, new FixedDecision(0, _ => ReductionDecision.Merge([1, 2], [2, 0])), RunOptions.Default, "m"));
        Assert.Contains("merge target 2 is itself merged away", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recorded_traces_hold_survivors_and_scores_by_original_index()
    {
        var (prompt, reference) = Fixtures.Load("nemotron_h_groups");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("nemotron_h_groups"), new CpuBackend());
        var result = new ReductionEngine(model).Run(prompt, new FixedDecision(0, _ => ReductionDecision.Keep(Kept)), new RunOptions(RecordScores: true));
        var trace = result.Trace!;
        Assert.Equal(Enumerable.Range(0, 24), trace.Survivors[0]);
        Assert.Equal(Kept, trace.Survivors[1]);
        Assert.NotNull(trace.Scores[0]);          // Mamba: implicit attention
        Assert.NotNull(trace.Scores[1]);          // attention: query attention
        Assert.Null(trace.Scores[2]);             // MLP: no signal of its own
        Assert.True(float.IsNaN(trace.Scores[1]![1]));
        Assert.False(float.IsNaN(trace.Scores[1]![2]));
    }

    [Fact]
    public void Proportional_attention_changes_logits_only_once_tokens_carry_size()
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        var engine = new ReductionEngine(model);
        ReductionDecision Merge(LayerObservation _) => ReductionDecision.Merge([1, 3, 5], [0, 2, 4]);
        var plainMerge = engine.Run(prompt, new Proportional(false, Merge), RunOptions.Default).LastLogits;
        var sizedMerge = engine.Run(prompt, new Proportional(true, Merge), RunOptions.Default).LastLogits;
        Assert.True(Fixtures.MaxAbsDiff(plainMerge, sizedMerge) > 1e-4f);
        var unreduced = engine.Run(prompt, null, RunOptions.Default).LastLogits;
        var flagOnly = engine.Run(prompt, new Proportional(true, _ => ReductionDecision.None), RunOptions.Default).LastLogits;
        Assert.Equal(unreduced, flagOnly);
    }

    [Fact]
    public void A_null_decision_fails_the_run_naming_the_reducer_and_the_layer()
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());

        var e = Assert.Throws<ReductionException>(() => new ReductionEngine(model).Run(prompt, new FixedDecision(1, _ => null!), RunOptions.Default, "nully"));

        Assert.Equal("reducer 'nully' after layer 1: Decide returned null (use ReductionDecision.None).", e.Message);
    }

    [Fact]
    public void An_exception_in_signals_after_or_decide_fails_the_run_naming_the_reducer_and_the_layer()
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), new CpuBackend());
        var engine = new ReductionEngine(model);

        var asking = Assert.Throws<ReductionException>(() => engine.Run(prompt, new Throwing(atLayer: 1, inDecide: false), RunOptions.Default, "bad"));
        var deciding = Assert.Throws<ReductionException>(() => engine.Run(prompt, new Throwing(atLayer: 0, inDecide: true), RunOptions.Default, "bad"));

        Assert.Equal("reducer 'bad' after layer 1: SignalsAfter threw IndexOutOfRangeException: boom", asking.Message);
        Assert.Equal("reducer 'bad' after layer 0: Decide threw IndexOutOfRangeException: boom", deciding.Message);
    }

    /// <summary>Throws from SignalsAfter or Decide at one layer.</summary>
    private sealed class Throwing(int atLayer, bool inDecide) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => layer == atLayer && !inDecide
            ? throw new IndexOutOfRangeException("boom")
            : layer == atLayer ? new SignalRequest(SignalKinds.Decision) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => throw new IndexOutOfRangeException("boom");
    }

    /// <summary>A merge before layer 0, with or without proportional attention.</summary>
    private sealed class Proportional(bool on, Func<LayerObservation, ReductionDecision> decide) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) =>
            layer == -1 ? new SignalRequest(SignalKinds.Hidden, ProportionalAttention: on) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => decide(observation);
    }

    /// <summary>Decisions at several layers, in order.</summary>
    private sealed class Sequence(params (int Layer, Func<LayerObservation, ReductionDecision> Decide)[] steps) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) =>
            steps.Any(s => s.Layer == layer) ? new SignalRequest(SignalKinds.Hidden | SignalKinds.Score) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => steps.First(s => s.Layer == observation.Layer).Decide(observation);
    }
}
