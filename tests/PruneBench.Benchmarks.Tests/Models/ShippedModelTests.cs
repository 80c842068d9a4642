using PruneBench.Benchmarks.Evaluation;
using PruneBench.Benchmarks.Models;
using PruneBench.Benchmarks.Suites;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Models;

public sealed class ShippedModelTests
{
    [Fact]
    public void The_catalogue_finds_the_shipped_models()
    {
        var catalog = ModelCatalog.Locate();
        Assert.Equal(["synth-qwen2", "synth-nemotronh", "synth-qwen2-deep", "synth-nemotronh-deep"], catalog.Models.Select(m => m.Name).ToArray());
        Assert.Equal("hybrid", catalog.Resolve("synth-nemotronh-deep").Family);
        Assert.Equal("hybrid", catalog.Resolve("synth-nemotronh").Family);
        Assert.Contains("synth-qwen2", Assert.Throws<ArgumentException>(() => catalog.Resolve("gpt")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("synth-qwen2", "synth")]
    [InlineData("synth-nemotronh", "synth")]
    [InlineData("synth-qwen2-deep", "synth-hop")]
    [InlineData("synth-nemotronh-deep", "synth-hop")]
    public void A_shipped_model_loads_with_its_wiring_and_answers_with_finite_logits(string name, string suite)
    {
        var dir = ModelCatalog.Locate().Resolve(name).Directory;
        using var model = LanguageModel.Load(dir, new CpuBackend(), name);
        var target = SuiteTarget.ForModelDirectory(name, dir, model.HiddenSize, model.VocabSize);
        var engine = new ReductionEngine(model);
        foreach (var sample in BenchmarkCatalog.Resolve(suite, new SynthSuiteOptions(Frames: 8, SamplesPerTask: 1)).Samples(target))
        {
            var result = engine.Run(sample.Prompt, null, RunOptions.Default);
            Assert.Equal(model.VocabSize, result.LastLogits.Length);
            Assert.All(result.LastLogits, v => Assert.True(float.IsFinite(v)));
        }
    }

    // The bar: >= 95 % on synth/test at 64 frames, measured on 200 samples per task in
    // docs/benchmarks.md (qwen2 98.6 %, nemotronh 96.2 %). CI checks the first 10 per task of that set (a
    // regression guard: the samples are fixed, so this is deterministic) and that no task fell to chance.
    [Theory]
    [InlineData("synth-qwen2")]
    [InlineData("synth-nemotronh")]
    public void A_shipped_model_answers_synth_test_at_64_frames(string name)
    {
        var dir = ModelCatalog.Locate().Resolve(name).Directory;
        using var model = LanguageModel.Load(dir, new CpuBackend(), name);
        var target = SuiteTarget.ForModelDirectory(name, dir, model.HiddenSize, model.VocabSize);
        var suite = BenchmarkCatalog.Resolve("synth", new SynthSuiteOptions(Frames: 64, TokensPerFrame: 16, SamplesPerTask: 10));
        var rows = AccuracyMeter.Measure(new ReductionEngine(model), suite.Samples(target));
        var all = rows[^1];
        Assert.True(all.Accuracy >= 0.9, $"{name}: {all.Correct}/{all.Total} correct");
        Assert.All(rows, r => Assert.True(r.Accuracy >= 0.5, $"{name} {r.Task}: {r.Correct}/{r.Total} correct"));
    }

    // The deep models (issue 15), the demo's models: C# CPU on synth-hop/test at 64 frames, 100 per task, qwen2-deep
    // 96.0 % and nemotronh-deep 95.7 % (docs/benchmarks.md, Deep models; the bar is 95 %). A regression guard on the
    // first 10 per task of that set (60/60 and 56/60 measured), at two samples fewer.
    [Theory]
    [InlineData("synth-qwen2-deep", 58 / 60.0)]
    [InlineData("synth-nemotronh-deep", 54 / 60.0)]
    public void A_deep_model_keeps_its_measured_accuracy_on_synth_hop(string name, double floor)
    {
        var dir = ModelCatalog.Locate().Resolve(name).Directory;
        using var model = LanguageModel.Load(dir, new CpuBackend(), name);
        var target = SuiteTarget.ForModelDirectory(name, dir, model.HiddenSize, model.VocabSize);
        var suite = BenchmarkCatalog.Resolve(BenchmarkCatalog.HopSuiteName, new SynthSuiteOptions(Frames: 64, TokensPerFrame: 16, SamplesPerTask: 10));
        var all = AccuracyMeter.Measure(new ReductionEngine(model), suite.Samples(target))[^1];
        Assert.True(all.Accuracy >= floor, $"{name}: {all.Correct}/{all.Total} correct");
    }
}
