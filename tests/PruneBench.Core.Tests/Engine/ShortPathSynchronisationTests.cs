using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Engine;

/// <summary>
/// Where the engine waits for the device: a score pruner never waits inside the layer loop, on a model without RoPE
/// and on a RoPE model (whose position ids are compacted on the device with the hidden rows); a host reducer waits
/// around every decision.
/// </summary>
public sealed class ShortPathSynchronisationTests
{
    /// <summary>A drop after every layer but the last, by each layer's own score, blended.</summary>
    private static ScorePruner EveryLayer(LanguageModel model, int visualCount) =>
        new("every-layer", model.Shape.Layers,
            [null, .. model.Shape.Layers.Select((kind, l) => l == model.Shape.LayerCount - 1
                ? null
                : new ScoreStep(ScoreRequest.OfMixer(kind, blend: 0.5), visualCount - (2 * (l + 1))))],
            visualCount, seed: 1);

    /// <summary>Hides the pruner's type: the engine asks it layer by layer on the host.</summary>
    private sealed class HostPath(IReducer inner) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => inner.SignalsAfter(layer);

        public ReductionDecision Decide(LayerObservation observation) => inner.Decide(observation);
    }

    [Fact]
    public void A_score_pruner_on_a_model_without_rope_never_waits_inside_the_layer_loop()
    {
        var (prompt, reference) = Fixtures.Load("nemotron_h_groups");
        reference.Dispose();
        var backend = new RecordingBackend();
        using var model = LanguageModel.Load(Fixtures.Dir("nemotron_h_groups"), backend);
        backend.Events.Clear();

        var result = new ReductionEngine(model).Run(prompt, EveryLayer(model, prompt.Layout.VisualCount), RunOptions.Default, "every-layer");

        Assert.Equal(prompt.Layout.VisualCount - (2 * (model.Shape.LayerCount - 1)), result.Metrics.VisualOut);
        Assert.Empty(backend.WaitsInsideLayers());
        Assert.Contains("indices", backend.Events); // the metadata catches up after prefill
        // Its overhead is timed by the backend's device timer (on the CPU, host time of the bracketed ops): no waits.
        Assert.InRange(result.Metrics.ReducerOverheadMs, double.Epsilon, result.Metrics.PrefillMs);
    }

    [Fact]
    public void On_a_rope_model_a_score_pruner_never_waits_inside_the_layer_loop_either()
    {
        var (prompt, reference) = Fixtures.Load("llama");
        reference.Dispose();
        var backend = new RecordingBackend();
        using var model = LanguageModel.Load(Fixtures.Dir("llama"), backend);
        backend.Events.Clear();

        var result = new ReductionEngine(model).Run(prompt, EveryLayer(model, prompt.Layout.VisualCount), RunOptions.Default, "every-layer");

        Assert.Equal(prompt.Layout.VisualCount - (2 * (model.Shape.LayerCount - 1)), result.Metrics.VisualOut);
        Assert.Empty(backend.WaitsInsideLayers());
    }

    [Fact]
    public void The_same_plan_driven_on_the_host_waits_around_every_decision()
    {
        var (prompt, reference) = Fixtures.Load("nemotron_h_groups");
        reference.Dispose();
        var backend = new RecordingBackend();
        using var model = LanguageModel.Load(Fixtures.Dir("nemotron_h_groups"), backend);
        backend.Events.Clear();

        new ReductionEngine(model).Run(prompt, new HostPath(EveryLayer(model, prompt.Layout.VisualCount)), RunOptions.Default, "every-layer");

        Assert.Contains("sync", backend.WaitsInsideLayers());
        Assert.Contains("host", backend.WaitsInsideLayers());
    }
}
