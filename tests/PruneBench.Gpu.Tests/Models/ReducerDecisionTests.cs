using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// Reducer decisions taken on device signals equal those taken on a CPU engine with the same roundings, up to
/// near-ties; written once and run per backend (<see cref="NativeReducerDecisionTests"/>,
/// <see cref="TorchReducerDecisionTests"/>).
///
/// How near-ties are judged: at each decision the reducer ranks candidates by a value (score or pair
/// similarity). The observed values must agree within <see cref="SignalTolerance"/> × max |value|. The chosen
/// sets may differ only in candidates whose CPU value lies within that same distance of the CPU's cut (the
/// value of the last candidate chosen): those are the ties the rounding of fp32 sums may break either way.
/// Once the sets differ, later layers see different tokens and are not compared.
/// </summary>
public abstract class ReducerDecisionTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    /// <summary>A new CPU engine backend with the device's roundings (the test disposes it).</summary>
    protected abstract IBackend CreateReference();

    /// <summary>Agreement of the ranked values, relative to their max |value|.</summary>
    protected abstract float SignalTolerance { get; }

    [Theory]
    [MemberData(nameof(ModelFixtures.Names), MemberType = typeof(ModelFixtures))]
    public void Score_pruning_decisions_match_the_CPU_engine_with_nodecay_implicit_attention(string name) =>
        Compare(name, () => new TopScoreReducer(ImplicitVariant.NoDecay), r => ((TopScoreReducer)r).Decisions);

    [Theory]
    [InlineData("nemotron_h")]
    [InlineData("nemotron_h_groups")]
    public void Score_pruning_decisions_match_the_CPU_engine_with_decay_implicit_attention(string name) =>
        Compare(name, () => new TopScoreReducer(ImplicitVariant.Decay), r => ((TopScoreReducer)r).Decisions);

    [Theory]
    [MemberData(nameof(ModelFixtures.Names), MemberType = typeof(ModelFixtures))]
    public void Merge_decisions_match_the_CPU_engine(string name) =>
        Compare(name, () => new PairMergeReducer(), r => ((PairMergeReducer)r).Decisions);

    private void Compare(string name, Func<IReducer> create, Func<IReducer, List<RecordedDecision>> decisions)
    {
        var gpuReducer = create();
        var cpuReducer = create();
        var gpu = ModelFixtures.Run(Gpu, name, decodeSteps: 1, hidden: false, gpuReducer);
        using var reference = CreateReference();
        var cpu = ModelFixtures.Run(reference, name, decodeSteps: 1, hidden: false, cpuReducer);
        var (g, c) = (decisions(gpuReducer), decisions(cpuReducer));
        Assert.NotEmpty(c);
        Assert.Equal(c.Count, g.Count);
        var identical = true;
        for (var i = 0; i < c.Count; i++)
        {
            Assert.Equal(c[i].Layer, g[i].Layer);
            AssertClose(c[i].Ranked, g[i].Ranked, SignalTolerance, $"{name} layer {c[i].Layer} ranked values");
            if (c[i].Chosen.SequenceEqual(g[i].Chosen))
            {
                continue;
            }

            var values = c[i].Ranked;
            var scale = values.Max(Math.Abs);
            var cut = c[i].Chosen.Min(k => values[k]);
            foreach (var k in c[i].Chosen.Except(g[i].Chosen).Concat(g[i].Chosen.Except(c[i].Chosen)))
            {
                Assert.True(Math.Abs(values[k] - cut) <= SignalTolerance * scale,
                    $"{name} layer {c[i].Layer}: candidate {k} chosen on one device only, value {values[k]} is not within {SignalTolerance}×{scale} of the cut {cut}");
            }

            identical = false;
            break;
        }

        if (identical)
        {
            Assert.Equal(cpu.Generated, gpu.Generated);
            Assert.Equal(cpu.Metrics.VisualPerLayer, gpu.Metrics.VisualPerLayer);
        }
    }
}
