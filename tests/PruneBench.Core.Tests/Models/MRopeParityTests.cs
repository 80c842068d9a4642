using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Models;

/// <summary>
/// M-RoPE language models inside saved Qwen2.5-VL / Qwen3-VL checkpoints against transformers, with 3-D position ids
/// (tools/export/make_vlm_fixtures.py). Until its output is committed under tests/fixtures these tests report themselves skipped.
/// </summary>
public sealed class MRopeParityTests
{
    private const float RelativeTolerance = 1e-4f;

    [Theory]
    [InlineData("qwen2_5_vl_text")]
    [InlineData("qwen3_vl_text")]
    public void Last_and_decode_logits_match_transformers_with_3d_position_ids(string name)
    {
        var (prompt, reference) = Load(name);
        using (reference)
        using (var model = LanguageModel.Load(Fixtures.Dir(name), new CpuBackend()))
        {
            Assert.Equal(3, model.Config.RopeAxes);
            var expected = reference.ReadFloats("last_logits");
            var result = new ReductionEngine(model).Run(prompt, null, new RunOptions(DecodeSteps: 2));
            Assert.True(Fixtures.MaxAbsDiff(result.LastLogits, expected) <= RelativeTolerance * Fixtures.MaxAbs(expected),
                $"{name}: max|Δ| {Fixtures.MaxAbsDiff(result.LastLogits, expected)} vs max|logit| {Fixtures.MaxAbs(expected)}");

            // Decode steps continue after the largest 3-D id (transformers' rope_deltas).
            Assert.Equal(reference.ReadInts("greedy_tokens"), result.Generated);
            var decode = reference.ReadFloats("decode_logits");
            var vocab = expected.Length;
            for (var step = 0; step < 2; step++)
            {
                var want = decode[(step * vocab)..((step + 1) * vocab)];
                Assert.True(Fixtures.MaxAbsDiff(result.DecodeLogits[step], want) <= RelativeTolerance * Fixtures.MaxAbs(want), $"{name}: decode step {step}");
            }
        }
    }

    [Theory]
    [InlineData("qwen2_5_vl_text")]
    [InlineData("qwen3_vl_text")]
    public void A_pruned_prompt_keeps_its_original_3d_ids_like_transformers(string name)
    {
        var (prompt, reference) = Load(name);
        using (reference)
        using (var model = LanguageModel.Load(Fixtures.Dir(name), new CpuBackend()))
        {
            var l = prompt.Layout;
            var kept = reference.ReadInts("gap_keep").Where(i => i >= l.PrefixLength && i < l.PrefixLength + l.VisualCount).Select(i => i - l.PrefixLength).ToArray();
            var expected = reference.ReadFloats("gap_last_logits");
            var result = new ReductionEngine(model).Run(prompt, new KeepBeforeFirstLayer(kept), RunOptions.Default);
            Assert.True(Fixtures.MaxAbsDiff(result.LastLogits, expected) <= RelativeTolerance * Fixtures.MaxAbs(expected));
        }
    }

    private static (Prompt Prompt, PruneBench.Core.Checkpoints.SafetensorsFile Reference) Load(string name)
    {
        if (!File.Exists(Path.Combine(Fixtures.Dir(name), "reference.safetensors")))
        {
            Assert.Skip($"tests/fixtures/{name} is not committed yet: run tools/export/make_vlm_fixtures.py on the GPU machine and unpack vlm-fixtures.tar.gz into tests/fixtures.");
        }

        var (prompt, reference) = Fixtures.Load(name);
        var ids = reference.ReadInts("position_ids");
        var t = prompt.TokenIds.Length;
        return (prompt with { PositionIds = Enumerable.Range(0, 3).Select(a => ids[(a * t)..((a + 1) * t)]).ToArray() }, reference);
    }

    private sealed class KeepBeforeFirstLayer(int[] kept) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => layer == -1 ? new SignalRequest(SignalKinds.Hidden) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => ReductionDecision.Keep(kept);
    }
}
