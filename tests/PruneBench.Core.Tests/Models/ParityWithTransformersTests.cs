using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Models;

/// <summary>
/// The CPU engine against transformers 5.17 (fp32, eager attention) on tiny random checkpoints of every
/// family. Tolerance from the issue: max |Δ| ≤ 1e-4 × max |logit|, and identical greedy tokens.
/// </summary>
public sealed class ParityWithTransformersTests
{
    private const float RelativeTolerance = 1e-4f;

    public static TheoryData<string> Names => new(Fixtures.All);

    [Theory]
    [MemberData(nameof(Names))]
    public void Last_position_logits_match_transformers(string name)
    {
        var (result, reference) = Run(name, decodeSteps: 0, hidden: false);
        using (reference)
        {
            var expected = reference.ReadFloats("last_logits");
            Assert.True(Fixtures.MaxAbsDiff(result.LastLogits, expected) <= RelativeTolerance * Fixtures.MaxAbs(expected),
                $"{name}: max |Δ| {Fixtures.MaxAbsDiff(result.LastLogits, expected)} vs max |logit| {Fixtures.MaxAbs(expected)}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Hidden_states_after_every_layer_match_transformers(string name)
    {
        var (result, reference) = Run(name, decodeSteps: 0, hidden: true);
        using (reference)
        {
            var expected = reference.ReadFloats("hidden_states");
            var layers = reference.Entry("hidden_states").Shape[0];
            Assert.Equal(layers, result.HiddenStates!.Length);
            var per = expected.Length / layers;
            for (var l = 0; l < layers; l++)
            {
                var e = expected.AsSpan(l * per, per);
                var diff = Fixtures.MaxAbsDiff(result.HiddenStates[l], e);
                Assert.True(diff <= RelativeTolerance * Fixtures.MaxAbs(e), $"{name} hidden state {l}: max |Δ| {diff}, max |h| {Fixtures.MaxAbs(e)}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Three_greedy_decode_steps_match_transformers(string name)
    {
        var (result, reference) = Run(name, decodeSteps: 3, hidden: false);
        using (reference)
        {
            Assert.Equal(reference.ReadInts("greedy_tokens"), result.Generated);
            var expected = reference.ReadFloats("decode_logits");
            var vocab = expected.Length / 3;
            for (var s = 0; s < 3; s++)
            {
                var e = expected.AsSpan(s * vocab, vocab);
                Assert.True(Fixtures.MaxAbsDiff(result.DecodeLogits[s], e) <= RelativeTolerance * Fixtures.MaxAbs(e), $"{name} decode step {s}");
            }
        }
    }

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("qwen3")]
    public void Pruned_prompt_keeps_original_rope_positions_like_transformers_with_position_ids(string name)
    {
        var (prompt, reference) = Fixtures.Load(name);
        using (reference)
        using (var model = LanguageModel.Load(Fixtures.Dir(name), new CpuBackend()))
        {
            // transformers was given the kept rows with their original positions as position_ids.
            var keep = reference.ReadInts("gap_keep");
            var keptVisual = keep.Where(i => i >= prompt.Layout.PrefixLength && i < prompt.Layout.PrefixLength + prompt.Layout.VisualCount)
                .Select(i => i - prompt.Layout.PrefixLength).ToArray();
            var result = new ReductionEngine(model).Run(prompt, new KeepBeforeFirstLayer(keptVisual), RunOptions.Default);
            var expected = reference.ReadFloats("gap_last_logits");
            Assert.True(Fixtures.MaxAbsDiff(result.LastLogits, expected) <= RelativeTolerance * Fixtures.MaxAbs(expected));
            Assert.Equal(keptVisual.Length, result.Metrics.VisualOut);
        }
    }

    private static (RunResult Result, PruneBench.Core.Checkpoints.SafetensorsFile Reference) Run(string name, int decodeSteps, bool hidden)
    {
        var (prompt, reference) = Fixtures.Load(name);
        using var model = LanguageModel.Load(Fixtures.Dir(name), new CpuBackend());
        var result = new ReductionEngine(model).Run(prompt, null, new RunOptions(decodeSteps, hidden));
        return (result, reference);
    }

    /// <summary>Keeps a fixed set of visual tokens before layer 0 (the FastV K=0 case) and nothing else.</summary>
    private sealed class KeepBeforeFirstLayer(int[] kept) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => layer == -1 ? new SignalRequest(SignalKinds.Hidden) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => ReductionDecision.Keep(kept);
    }
}
