using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Models.Layers;
using PruneBench.Core.Tensors;
using PruneBench.Core.Tests.TestSupport;

namespace PruneBench.Core.Tests.Models.Layers;

/// <summary>
/// The Mamba2 mixer's split in-projection (issue 11: the xBC|dt rows projected before the scan, the z rows after
/// it) against transformers' single in_proj GEMM sliced three ways, composed here from the same backend ops. The
/// CPU GEMM computes each output element as its own dot product, so the two agree bit for bit. The fixture parity
/// tests (ParityWithTransformersTests) check the mixer against transformers itself.
/// </summary>
public sealed class Mamba2MixerTests
{
    private const string Prefix = "backbone.layers.0.mixer.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // mamba_proj_bias: the in_proj bias is split with the weight
    public void Split_in_projection_equals_one_in_projection_bit_for_bit_in_prefill_and_decode(bool bias)
    {
        var backend = new CpuBackend();
        var config = Config(bias);
        var weights = new CapturedWeights(backend, new RandomWeights(backend, 5));
        using var mixer = new Mamba2Mixer(backend, config, weights, Prefix);
        using var x = Input(backend, 21, config.HiddenSize);
        using var step = Input(backend, 1, config.HiddenSize);

        using var prefill = mixer.Prefill(x, Context, out var cache);
        using var position = PositionIds.Upload(backend, [21]);
        using var decoded = mixer.Step(step, position, cache);
        var state = (MambaCache)cache;

        using var reference = new SingleProjection(backend, config, weights);
        using var expectedPrefill = reference.Run(x);
        using var expectedStep = reference.Run(step);
        Assert.Equal(backend.ToHost(expectedPrefill), backend.ToHost(prefill));
        Assert.Equal(backend.ToHost(expectedStep), backend.ToHost(decoded));
        Assert.Equal(backend.ToHost(reference.ConvState), backend.ToHost(state.ConvState));
        Assert.Equal(backend.ToHost(reference.SsmState), backend.ToHost(state.SsmState));
        cache.Dispose();
    }

    [Fact]
    public void Prefill_high_water_is_at_least_one_in_projection_output_below_the_single_projection()
    {
        const int rows = 64;
        var backend = new CpuBackend();
        var config = Config(bias: false);
        var weights = new CapturedWeights(backend, new RandomWeights(backend, 5));
        using var mixer = new Mamba2Mixer(backend, config, weights, Prefix);
        using var reference = new SingleProjection(backend, config, weights);
        using var x = Input(backend, rows, config.HiddenSize);

        var single = HighWater(backend, () => reference.Run(x));
        var split = HighWater(backend, () =>
        {
            var y = mixer.Prefill(x, Context, out var cache);
            cache.Dispose();
            return y;
        });

        // The single GEMM's [T, I + C + H] output lives through the scan and the gated norm; split, neither half
        // is alive at the scan, and z only from the gate on (the split side also allocates its conv and SSM states).
        var projection = 4L * rows * (config.MambaInner + config.ConvDim + config.MambaHeads);
        Assert.True(split <= single - projection, $"split {split} B, single {single} B, one projection {projection} B");
    }

    /// <summary>Peak bytes above the live ones while <paramref name="run"/> runs (its result freed after).</summary>
    private static long HighWater(CpuBackend backend, Func<Tensor> run)
    {
        backend.ResetPeakMemory();
        var before = backend.Memory.UsedBytes;
        run().Dispose();
        return backend.Memory.PeakBytes - before;
    }

    private static PrefillContext Context => new([], null, 0, null);

    /// <summary>The nemotron_h_groups fixture's config (two groups, so the gated norm has two groups).</summary>
    private static ModelConfig Config(bool bias) =>
        ModelConfigReader.Read(Path.Combine(Fixtures.Dir("nemotron_h_groups"), "config.json")) with { MambaProjBias = bias };

    private static Tensor Input(IBackend backend, int rows, int width)
    {
        var r = new Random(rows);
        return backend.FromHost(Enumerable.Range(0, rows * width).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray(), rows, width);
    }

    /// <summary>Keeps a host copy of every weight a mixer loads, so the reference can use the same values.</summary>
    private sealed class CapturedWeights(IBackend backend, IWeightSource inner) : IWeightSource
    {
        public Dictionary<string, (float[] Values, int[] Shape)> Loaded { get; } = [];

        public bool Has(string name) => inner.Has(name);

        public Tensor Load(string name, int[] shape, WeightRole role)
        {
            var t = inner.Load(name, shape, role);
            Loaded[name] = (backend.ToHost(t), shape);
            return t;
        }

        public Tensor Upload(string name) => backend.FromHost(Loaded[name].Values, Loaded[name].Shape);

        public Tensor? UploadIfLoaded(string name) => Loaded.ContainsKey(name) ? Upload(name) : null;
    }

    /// <summary>transformers' order: one in_proj GEMM [T, I + C + H], sliced into z, xBC and dt, all alive to the end.</summary>
    private sealed class SingleProjection : IDisposable
    {
        private readonly IBackend _b;
        private readonly ModelConfig _c;
        private readonly Tensor _inProj, _convW, _dtBias, _a, _d, _norm, _outProj;
        private readonly Tensor? _inBias, _convB, _outBias;

        public SingleProjection(IBackend backend, ModelConfig config, CapturedWeights w)
        {
            (_b, _c) = (backend, config);
            _inProj = w.Upload(Prefix + "in_proj.weight");
            _inBias = w.UploadIfLoaded(Prefix + "in_proj.bias");
            _convW = w.Upload(Prefix + "conv1d.weight");
            _convB = w.UploadIfLoaded(Prefix + "conv1d.bias");
            _dtBias = w.Upload(Prefix + "dt_bias");
            _a = backend.FromHost(w.Loaded[Prefix + "A_log"].Values.Select(v => -MathF.Exp(v)).ToArray(), config.MambaHeads);
            _d = w.Upload(Prefix + "D");
            _norm = w.Upload(Prefix + "norm.weight");
            _outProj = w.Upload(Prefix + "out_proj.weight");
            _outBias = w.UploadIfLoaded(Prefix + "out_proj.bias");
            ConvState = backend.Zeros(config.ConvDim, config.ConvKernel - 1);
            SsmState = backend.Zeros(config.MambaHeads, config.MambaHeadDim, config.SsmStateSize);
        }

        public Tensor ConvState { get; }

        public Tensor SsmState { get; }

        public Tensor Run(Tensor x)
        {
            var (t, inner, conv, heads, gn) = (x.Rows, _c.MambaInner, _c.ConvDim, _c.MambaHeads, _c.Groups * _c.SsmStateSize);
            using var proj = _b.Linear(x, _inProj, _inBias);
            using var z = _b.SliceColumns(proj, 0, inner);
            using var xbcRaw = _b.SliceColumns(proj, inner, conv);
            using var dtRaw = _b.SliceColumns(proj, inner + conv, heads);
            using var xbc = _b.CausalConv1dSilu(xbcRaw, _convW, _convB, ConvState);
            using var xs = _b.SliceColumns(xbc, 0, inner);
            using var bMat = _b.SliceColumns(xbc, inner, gn);
            using var cMat = _b.SliceColumns(xbc, inner + gn, gn);
            using var dt = _b.DtSoftplus(dtRaw, _dtBias, _c.DtMin, _c.DtMax);
            using var y = _b.SsdScan(xs.Reshape(t, heads, _c.MambaHeadDim), dt, _a, bMat.Reshape(t, _c.Groups, _c.SsmStateSize),
                cMat.Reshape(t, _c.Groups, _c.SsmStateSize), _d, SsmState, _c.ChunkSize);
            using var normed = _b.GatedRmsNorm(y.Reshape(t, inner), z, _norm, inner / _c.Groups, _c.NormEps);
            return _b.Linear(normed, _outProj, _outBias);
        }

        public void Dispose()
        {
            foreach (var t in new[] { _inProj, _convW, _dtBias, _a, _d, _norm, _outProj, _inBias, _convB, _outBias, ConvState, SsmState })
            {
                t?.Dispose();
            }
        }
    }
}
