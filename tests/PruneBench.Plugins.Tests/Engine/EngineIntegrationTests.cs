using PruneBench.Abstractions.Methods;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Engine;

/// <summary>Every built-in reducer through the real engine on the fixture checkpoints (CPU backend).</summary>
public class EngineIntegrationTests
{
    // The llama fixture has 3 layers, nemotron_h_groups 7 (M, A, -, M, A, M, -): budgets and VAS layers that both can meet.
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in new[] { "llama", "nemotron_h_groups" })
        {
            foreach (var method in TestShapes.MethodNames)
            {
                data.Add(fixture, method);
            }
        }

        return data;
    }

    private static double Budget(string fixture) => fixture == "llama" ? 0.75 : 0.5;

    private static string Args(string fixture, string method) => method == "vas"
        ? (fixture == "llama" ? "start_layer=0;end_layer=1;interval=1" : "start_layer=1;end_layer=4;interval=1")
        : Methods.ShallowDefaults(method);

    private static (RunResult Reduced, RunResult Unreduced, int Layers) Run(string fixture, string method, string args, double? budget, int decodeSteps = 0)
    {
        using var model = LanguageModel.Load(FixtureModels.Dir(fixture), new CpuBackend());
        var engine = new ReductionEngine(model);
        var prompt = FixtureModels.RandomPrompt(model.HiddenSize, model.VocabSize, seed: 3);
        var configured = Methods.Create(method).Configure(Methods.Args(args), budget, model.Shape);
        var options = new RunOptions(DecodeSteps: decodeSteps);
        var reduced = engine.Run(prompt, configured.CreateReducer(prompt.Layout, 1), options, method);
        var unreduced = engine.Run(prompt, null, options);
        return (reduced, unreduced, model.Shape.LayerCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_is_untouched_and_the_budget_is_met_and_decoding_works(string fixture, string method)
    {
        var budget = Budget(fixture);
        var (reduced, _, layers) = Run(fixture, method, Args(fixture, method), method == "none" ? null : budget, decodeSteps: 2);
        var metrics = reduced.Metrics;
        const int text = 3 + 5;

        Assert.All(Enumerable.Range(0, layers), l => Assert.Equal(text, metrics.TokensPerLayer[l] - metrics.VisualPerLayer[l]));
        Assert.Equal(3, reduced.Generated.Length);
        var planned = budget * layers * metrics.VisualIn;
        switch (method)
        {
            case "none":
                Assert.Equal(1.0, metrics.RetentionMean);
                break;
            case "vas":
                // Drops are whole frames or positions: at most the budget up to that rounding.
                Assert.InRange(metrics.RetentionMean, 0, budget + 0.1);
                break;
            default:
                Assert.InRange(metrics.VisualPerLayer.Sum(), planned - layers, planned + layers);
                break;
        }
    }

    [Theory]
    [InlineData("llama", "none", "")]
    [InlineData("nemotron_h_groups", "none", "")]
    [InlineData("llama", "random", "ratio=1")]
    [InlineData("nemotron_h_groups", "fastv", "ratio=1")]
    [InlineData("nemotron_h_groups", "tome", "ratio=1")]
    [InlineData("nemotron_h_groups", "stateful", "p_max=0")]
    [InlineData("llama", "pool", "ratio=1")]
    public void Reducing_nothing_gives_logits_identical_to_the_unreduced_model(string fixture, string method, string args)
    {
        var (reduced, unreduced, _) = Run(fixture, method, args, null, decodeSteps: 1);
        Assert.Equal(unreduced.LastLogits, reduced.LastLogits);
        Assert.Equal(unreduced.DecodeLogits[0], reduced.DecodeLogits[0]);
    }

    // The short path decides inside the layer, before its last residual add, which then writes only the kept rows
    // (IBackend.AddCompactRows); with the hidden states captured it decides after the layer and compacts separately.
    // Both must keep the same tokens and give the same logits (on the CPU bit for bit: the same adds, the same rows).
    [Theory]
    [InlineData("llama", "stateful")]
    [InlineData("nemotron_h_groups", "stateful")]
    [InlineData("nemotron_h_groups", "fastv")]
    [InlineData("nemotron_h_groups", "random")]
    public void Compacting_inside_the_layer_gives_what_compacting_after_it_gives(string fixture, string method)
    {
        using var model = LanguageModel.Load(FixtureModels.Dir(fixture), new CpuBackend());
        var engine = new ReductionEngine(model);
        var prompt = FixtureModels.RandomPrompt(model.HiddenSize, model.VocabSize, seed: 5);
        var configured = Methods.Create(method).Configure(Methods.Args(Args(fixture, method)), Budget(fixture), model.Shape);

        var inLayer = engine.Run(prompt, configured.CreateReducer(prompt.Layout, 1), new RunOptions(DecodeSteps: 1), method);
        var afterLayer = engine.Run(prompt, configured.CreateReducer(prompt.Layout, 1), new RunOptions(DecodeSteps: 1, CaptureHiddenStates: true), method);

        Assert.True(inLayer.Metrics.VisualOut < inLayer.Metrics.VisualIn, "the method dropped nothing: the test would not tell the paths apart");
        Assert.Equal(afterLayer.Metrics.VisualPerLayer, inLayer.Metrics.VisualPerLayer);
        Assert.Equal(afterLayer.Trace.Survivors, inLayer.Trace.Survivors);
        Assert.Equal(afterLayer.LastLogits, inLayer.LastLogits);
        Assert.Equal(afterLayer.DecodeLogits[0], inLayer.DecodeLogits[0]);
    }
}
