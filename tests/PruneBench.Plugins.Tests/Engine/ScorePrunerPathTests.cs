using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Engine;

/// <summary>
/// The engine's device path for score methods (scores, blend, top-k and compaction as backend ops) against the
/// same plan driven on the host through <see cref="IReducer"/>: on the CPU backend both must decide the same tokens
/// and give bit-identical logits.
/// </summary>
public class ScorePrunerPathTests
{
    /// <summary>Hides the <see cref="ScorePruner"/> type, so the engine takes its host path.</summary>
    private sealed class HostPath(IReducer inner) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => inner.SignalsAfter(layer);

        public ReductionDecision Decide(LayerObservation observation) => inner.Decide(observation);
    }

    [Theory]
    [InlineData("llama", "fastv", "k=1", 0.75)]
    [InlineData("nemotron_h_groups", "fastv", "signal=implicit;queries=suffix_text", 0.6)]
    [InlineData("llama", "random", "k=0", 0.5)]
    [InlineData("nemotron_h_groups", "random", "", 0.6)]
    [InlineData("llama", "stateful", "schedule=geometric", 0.6)]
    [InlineData("nemotron_h_groups", "stateful", "schedule=geometric;beta=0.5", 0.5)]
    [InlineData("nemotron_h_groups", "stateful", "schedule=geometric;implicit=decay;transform=clamp;queries=last_token", 0.5)]
    public void The_device_path_decides_like_the_host_path(string fixture, string method, string args, double budget)
    {
        using var model = LanguageModel.Load(FixtureModels.Dir(fixture), new CpuBackend());
        var engine = new ReductionEngine(model);
        var prompt = FixtureModels.RandomPrompt(model.HiddenSize, model.VocabSize, seed: 5);
        var configured = Methods.Create(method).Configure(Methods.Args(args), budget, model.Shape);
        var options = new RunOptions(DecodeSteps: 1);

        var device = engine.Run(prompt, Assert.IsType<ScorePruner>(configured.CreateReducer(prompt.Layout, 4)), options, method);
        var host = engine.Run(prompt, new HostPath(configured.CreateReducer(prompt.Layout, 4)), options, method);

        Assert.Equal(host.Trace.Survivors, device.Trace.Survivors);
        Assert.NotEqual(prompt.Layout.VisualCount, device.Metrics.VisualOut);
        Assert.Equal(host.LastLogits, device.LastLogits);
        Assert.Equal(host.DecodeLogits[0], device.DecodeLogits[0]);
        Assert.Equal(host.Trace.ReducedAfter(), device.Trace.ReducedAfter());
    }

    [Fact]
    public void Inverse_key_norm_on_the_device_path_decides_like_the_host_path()
    {
        using var model = LanguageModel.Load(FixtureModels.Dir("llama"), new CpuBackend());
        var engine = new ReductionEngine(model);
        var prompt = FixtureModels.RandomPrompt(model.HiddenSize, model.VocabSize, seed: 6);
        ScorePruner Plan() => new("keynorm", model.Shape.Layers,
            [null, null, new ScoreStep(ScoreRequest.InverseKeyNorm(), 9), null], prompt.Layout.VisualCount, 1);

        var device = engine.Run(prompt, Plan(), RunOptions.Default, "keynorm");
        var host = engine.Run(prompt, new HostPath(Plan()), RunOptions.Default, "keynorm");

        Assert.Equal(9, device.Trace.Survivors[2].Length);
        Assert.Equal(host.Trace.Survivors, device.Trace.Survivors);
        Assert.Equal(host.LastLogits, device.LastLogits);
        Assert.Equal([1], device.Trace.ReducedAfter());
    }

    [Fact]
    public void Recorded_scores_on_the_device_path_are_the_layers_scores_by_original_index()
    {
        using var model = LanguageModel.Load(FixtureModels.Dir("nemotron_h_groups"), new CpuBackend());
        var engine = new ReductionEngine(model);
        var prompt = FixtureModels.RandomPrompt(model.HiddenSize, model.VocabSize, seed: 7);
        var configured = Methods.Create("stateful").Configure(Methods.Args("schedule=geometric"), 0.5, model.Shape);
        var options = new RunOptions(RecordScores: true);

        var device = engine.Run(prompt, configured.CreateReducer(prompt.Layout, 1), options, "stateful");
        var host = engine.Run(prompt, new HostPath(configured.CreateReducer(prompt.Layout, 1)), options, "stateful");

        Assert.Equal(host.Trace.Scores, device.Trace.Scores);
    }
}
