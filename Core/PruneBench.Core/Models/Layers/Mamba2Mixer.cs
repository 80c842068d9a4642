using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// Mamba2 as transformers' NemotronHMamba2Mixer computes it: in_proj → [z | xBC | dt]; causal conv1d + SiLU
/// on xBC → x, B, C; dt = clamp(softplus(dt + dt_bias)); chunked SSD scan with A = −exp(A_log) and D skip;
/// gated RMSNorm with z over groups of I/G; out_proj. Signal: implicit attention from this layer's B, C, dt.
/// </summary>
internal sealed class Mamba2Mixer : IMixer
{
    private readonly IBackend _b;
    private readonly ModelConfig _c;
    private readonly Tensor _inProj, _convW, _dtBias, _a, _d, _norm, _outProj;
    private readonly Tensor? _inBias, _convB, _outBias;

    public Mamba2Mixer(IBackend backend, ModelConfig config, IWeightSource w, string prefix)
    {
        _b = backend;
        _c = config;
        var (h, inner, conv, heads) = (config.HiddenSize, config.MambaInner, config.ConvDim, config.MambaHeads);
        _inProj = w.Load(prefix + "in_proj.weight", [inner + conv + heads, h], WeightRole.Matrix);
        _convW = w.Load(prefix + "conv1d.weight", [conv, config.ConvKernel], WeightRole.Matrix);
        _dtBias = w.Load(prefix + "dt_bias", [heads], WeightRole.DtBias);
        using (var aLog = w.Load(prefix + "A_log", [heads], WeightRole.ALog))
        {
            // A = −exp(A_log), computed once on the host (H values).
            _a = backend.FromHost(backend.ToHost(aLog).Select(v => -MathF.Exp(v)).ToArray(), heads);
        }

        _d = w.Load(prefix + "D", [heads], WeightRole.Skip);
        _norm = w.Load(prefix + "norm.weight", [inner], WeightRole.NormScale);
        _outProj = w.Load(prefix + "out_proj.weight", [h, inner], WeightRole.Matrix);
        if (config.MambaProjBias)
        {
            _inBias = w.Load(prefix + "in_proj.bias", [inner + conv + heads], WeightRole.Bias);
            _outBias = w.Load(prefix + "out_proj.bias", [h], WeightRole.Bias);
        }

        if (config.ConvBias)
        {
            _convB = w.Load(prefix + "conv1d.bias", [conv], WeightRole.Bias);
        }
    }

    public Tensor Prefill(Tensor x, PrefillContext context, out LayerCache cache)
    {
        var state = new MambaCache(_b.Zeros(_c.ConvDim, _c.ConvKernel - 1), _b.Zeros(_c.MambaHeads, _c.MambaHeadDim, _c.SsmStateSize));
        cache = state;
        return Run(x, state, context.Probe);
    }

    public Tensor Step(Tensor x, int position, LayerCache cache) => Run(x, (MambaCache)cache, null);

    private Tensor Run(Tensor x, MambaCache state, SignalProbe? probe)
    {
        var t = x.Rows;
        var (inner, conv, heads, gn) = (_c.MambaInner, _c.ConvDim, _c.MambaHeads, _c.Groups * _c.SsmStateSize);
        using var proj = _b.Linear(x, _inProj, _inBias);            // [T, I + C + H]
        using var z = _b.SliceColumns(proj, 0, inner);               // [T, I]
        using var xbcRaw = _b.SliceColumns(proj, inner, conv);       // [T, C]
        using var dtRaw = _b.SliceColumns(proj, inner + conv, heads); // [T, H]
        using var xbc = _b.CausalConv1dSilu(xbcRaw, _convW, _convB, state.ConvState);
        using var xs = _b.SliceColumns(xbc, 0, inner);               // [T, I] = [T, H, P]
        using var bMat = _b.SliceColumns(xbc, inner, gn);            // [T, G·N]
        using var cMat = _b.SliceColumns(xbc, inner + gn, gn);       // [T, G·N]
        using var dt = _b.DtSoftplus(dtRaw, _dtBias, _c.DtMin, _c.DtMax);
        var b3 = bMat.Reshape(t, _c.Groups, _c.SsmStateSize);
        var c3 = cMat.Reshape(t, _c.Groups, _c.SsmStateSize);
        if (probe is not null && probe.Wants(SignalKinds.Score))
        {
            using var timing = probe.Measure(_b);
            var s = _b.ImplicitAttention(b3, c3, dt, _a, probe.QueryRows, probe.VisualStart, probe.VisualCount, probe.Request.Implicit, probe.Request.Transform);
            if (probe.OnDevice)
            {
                probe.DeviceScore = s;
            }
            else
            {
                using (s)
                {
                    probe.Scores = _b.ToHost(s);
                }
            }
        }

        using var y = _b.SsdScan(xs.Reshape(t, heads, _c.MambaHeadDim), dt, _a, b3, c3, _d, state.SsmState, _c.ChunkSize);
        using var normed = _b.GatedRmsNorm(y.Reshape(t, inner), z, _norm, inner / _c.Groups, _c.NormEps);
        return _b.Linear(normed, _outProj, _outBias);
    }

    public void Dispose()
    {
        foreach (var t in new[] { _inProj, _convW, _dtBias, _a, _d, _norm, _outProj, _inBias, _convB, _outBias })
        {
            t?.Dispose();
        }
    }
}
