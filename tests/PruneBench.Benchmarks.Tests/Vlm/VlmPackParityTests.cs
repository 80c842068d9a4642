using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Benchmarks.Packs;
using PruneBench.Benchmarks.Tests.TestSupport;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;

namespace PruneBench.Benchmarks.Tests.Vlm;

/// <summary>
/// End to end: a tiny random-weight VLM saved by transformers, the pack tools/export/export_pack.py wrote from the
/// VLM's full ForConditionalGeneration forward on a random video, and the C# engine on that pack reproducing the
/// VLM's own last-position logits (fp32, within 1e-4 × max |logit|), unreduced and with a fixed keep-set whose
/// reference used the original (3-D for Qwen2.5-VL) positions. Made by tools/export/make_vlm_fixtures.py; until
/// its output is committed under tests/fixtures/vlm these tests report themselves skipped.
/// </summary>
public sealed class VlmPackParityTests
{
    private const float RelativeTolerance = 1e-4f;

    [Theory]
    [InlineData("llava_onevision", 1)]
    [InlineData("qwen2_5_vl", 3)]
    public void The_engine_on_the_exported_pack_reproduces_the_vlms_logits_unreduced_and_with_a_fixed_keep_set(string name, int axes)
    {
        var dir = FixtureDirectory(name);
        using var model = LanguageModel.Load(Path.Combine(dir, "model"), new CpuBackend());
        Assert.Equal(axes, model.Config.RopeAxes);
        var pack = SamplePackLoader.Load(Path.Combine(dir, "pack"), new PackLoadOptions(model.HiddenSize, model.VocabSize, RopeAxes: model.Config.RopeAxes));
        Assert.Empty(pack.Rejected);
        var prompt = Assert.Single(pack.Samples).LoadPrompt();
        using var reference = SafetensorsFile.Open(Path.Combine(dir, "reference.safetensors"));
        var engine = new ReductionEngine(model);

        var expected = reference.ReadFloats("last_logits");
        var unreduced = engine.Run(prompt, null, RunOptions.Default).LastLogits;
        Assert.True(Fixtures.MaxAbsDiff(unreduced, expected) <= RelativeTolerance * Fixtures.MaxAbs(expected),
            $"{name} unreduced: max|Δ| {Fixtures.MaxAbsDiff(unreduced, expected)} vs max|logit| {Fixtures.MaxAbs(expected)}");

        var keep = reference.ReadInts("keep_visual");
        var expectedKept = reference.ReadFloats("keep_last_logits");
        var kept = engine.Run(prompt, new KeepBeforeFirstLayer(keep), RunOptions.Default);
        Assert.Equal(keep.Length, kept.Metrics.VisualOut);
        Assert.True(Fixtures.MaxAbsDiff(kept.LastLogits, expectedKept) <= RelativeTolerance * Fixtures.MaxAbs(expectedKept),
            $"{name} keep-set: max|Δ| {Fixtures.MaxAbsDiff(kept.LastLogits, expectedKept)} vs max|logit| {Fixtures.MaxAbs(expectedKept)}");
    }

    private static string FixtureDirectory(string name)
    {
        var fixture = RepositoryFixtures.Path(Path.Combine("vlm", name));
        if (!File.Exists(Path.Combine(fixture, "reference.safetensors")))
        {
            Assert.Skip($"tests/fixtures/vlm/{name} is not committed yet: run tools/export/make_vlm_fixtures.py on the GPU machine and unpack vlm-fixtures.tar.gz into tests/fixtures.");
        }

        return fixture;
    }

    private sealed class KeepBeforeFirstLayer(int[] kept) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => layer == -1 ? new SignalRequest(SignalKinds.Hidden) : SignalRequest.Nothing;

        public ReductionDecision Decide(LayerObservation observation) => ReductionDecision.Keep(kept);
    }

    private static class Fixtures
    {
        public static float MaxAbsDiff(float[] a, float[] b) => a.Length != b.Length ? float.PositiveInfinity : a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

        public static float MaxAbs(float[] a) => a.Max(Math.Abs);
    }
}
