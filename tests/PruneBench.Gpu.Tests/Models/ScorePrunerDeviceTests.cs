using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// The engine's device path for score methods on the GPU (scores, blend, top-k and compaction as kernels, no host
/// round trip) decides like the same plan driven on the host through IReducer on the same GPU. The scores differ
/// only by fp32 summation order (head mean on the device vs the host, blend sum in fp64 vs double), so on these
/// random fixtures the kept sets are expected to be equal; a failure names the first layer where they differ.
/// Written once, run per backend (<see cref="NativeScorePrunerDeviceTests"/>, <see cref="TorchScorePrunerDeviceTests"/>).
/// </summary>
public abstract class ScorePrunerDeviceTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    public static TheoryData<string> Names => ModelFixtures.Names;

    /// <summary>Hides the pruner's type: the engine asks it layer by layer on the host.</summary>
    private sealed class HostPath(IReducer inner) : IReducer
    {
        public SignalRequest SignalsAfter(int layer) => inner.SignalsAfter(layer);

        public ReductionDecision Decide(LayerObservation observation) => inner.Decide(observation);
    }

    /// <summary>Every layer but the last scores with its own mixer (β = 0.5) and drops an eighth of what is alive.</summary>
    private static ScorePruner EveryLayer(IReadOnlyList<LayerKind> layers, int visualCount)
    {
        var steps = new ScoreStep?[layers.Count + 1];
        var alive = visualCount;
        for (var l = 0; l < layers.Count - 1; l++)
        {
            alive -= Math.Max(1, alive / 8);
            steps[l + 1] = new ScoreStep(ScoreRequest.OfMixer(layers[l], blend: 0.5), Math.Max(alive, 1));
        }

        return new ScorePruner("every-layer", layers, steps, visualCount, seed: 1);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_device_path_on_the_GPU_keeps_the_tokens_the_host_path_keeps(string name)
    {
        var gpu = Gpu;
        var visual = ModelFixtures.Prompt(name).Layout.VisualCount;
        var layers = Core.Checkpoints.ModelConfigReader.Read(Path.Combine(ModelFixtures.Dir(name), "config.json")).ToShape(name).Layers;

        var device = ModelFixtures.Run(gpu, name, decodeSteps: 1, hidden: false, EveryLayer(layers, visual));
        var host = ModelFixtures.Run(gpu, name, decodeSteps: 1, hidden: false, new HostPath(EveryLayer(layers, visual)));

        for (var l = 0; l < layers.Count; l++)
        {
            Assert.True(host.Trace.Survivors[l].SequenceEqual(device.Trace.Survivors[l]),
                $"{name}: layer {l} sees [{string.Join(",", device.Trace.Survivors[l])}] on the device path, [{string.Join(",", host.Trace.Survivors[l])}] on the host path");
        }

        AssertClose(host.LastLogits, device.LastLogits, 1e-5f, $"{name} last logits");
        Assert.Equal(host.Generated, device.Generated);
    }
}
