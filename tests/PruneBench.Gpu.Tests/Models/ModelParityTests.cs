using System.Globalization;
using PruneBench.Core.Backends;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// Whole models on every fixture against a CPU engine with the same roundings, written once and run per backend
/// (<see cref="NativeModelParityTests"/>: against the bf16-emulating CPU; <see cref="TorchModelParityTests"/>: fp32
/// against the fp32 CPU). Every layer's hidden state, the last-position and decode logits, and the greedy tokens
/// (up to near-ties, see <see cref="GpuTestBase.AssertLogits"/>) are compared.
/// </summary>
public abstract class ModelParityTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    /// <summary>A new CPU engine backend whose roundings the device's must match (the test disposes it).</summary>
    protected abstract IBackend CreateReference();

    /// <summary>Tolerance of hidden states and logits against <see cref="CreateReference"/>, relative to the tensor's max |value|.</summary>
    protected abstract float ReferenceTolerance { get; }

    [Theory]
    [MemberData(nameof(ModelFixtures.Names), MemberType = typeof(ModelFixtures))]
    public void Hidden_states_and_logits_match_the_reference_CPU_engine(string name)
    {
        var gpu = ModelFixtures.Run(Gpu, name, decodeSteps: 3, hidden: true);
        using var reference = CreateReference();
        var cpu = ModelFixtures.Run(reference, name, decodeSteps: 3, hidden: true);
        Assert.Equal(cpu.HiddenStates!.Length, gpu.HiddenStates!.Length);
        GpuReport.Line($"{DeviceLabel} drift vs {reference.Name}, {name}: hidden states per layer " +
            string.Join(" ", cpu.HiddenStates.Select((h, l) => RelativeDifference(h, gpu.HiddenStates[l]).ToString("0.0e0", CultureInfo.InvariantCulture))) +
            $", last logits {RelativeDifference(cpu.LastLogits, gpu.LastLogits).ToString("0.0e0", CultureInfo.InvariantCulture)}");
        for (var l = 0; l < cpu.HiddenStates.Length; l++)
        {
            AssertClose(cpu.HiddenStates[l], gpu.HiddenStates[l], ReferenceTolerance, $"{name} hidden state {l}");
        }

        AssertLogits(cpu, gpu, ReferenceTolerance, name);
    }

    [Fact]
    public void A_run_reports_GPU_peak_memory()
    {
        RequireMemoryStats();
        var gpu = ModelFixtures.Run(Gpu, "nemotron_h", decodeSteps: 1, hidden: false);
        Assert.True(gpu.Metrics.PeakMemoryBytes > 0);
    }
}
