using System.Runtime.InteropServices;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// Mamba2 as transformers' NemotronHMamba2Mixer computes it: in_proj → [z | xBC | dt] (two GEMMs, z last, to
/// bound memory: see Run); causal conv1d + SiLU
/// on xBC → x, B, C; dt = clamp(softplus(dt + dt_bias)); chunked SSD scan with A = −exp(A_log) and D skip;
/// gated RMSNorm with z over groups of I/G; out_proj. Signal: implicit attention from this layer's B, C, dt.
/// </summary>
internal sealed class Mamba2Mixer : IMixer
{
    private readonly IBackend _b;
    private readonly ModelConfig _c;
    // in_proj split once at load into its z rows [0, I) and its xBC|dt rows [I, I + C + H) (see Run).
    private readonly Tensor _zProj, _xbcDtProj, _convW, _dtBias, _a, _d, _norm, _outProj;
    private readonly Tensor? _zBias, _xbcDtBias, _convB, _outBias;

    public Mamba2Mixer(IBackend backend, ModelConfig config, IWeightSource w, string prefix)
    {
        _b = backend;
        _c = config;
        var (h, inner, conv, heads) = (config.HiddenSize, config.MambaInner, config.ConvDim, config.MambaHeads);
        using (var inProj = w.Load(prefix + "in_proj.weight", [inner + conv + heads, h], WeightRole.Matrix))
        {
            _zProj = TakeRows(backend, inProj, 0, inner);                  // [I, hidden]
            _xbcDtProj = TakeRows(backend, inProj, inner, conv + heads);   // [C + H, hidden]
        }

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
            using (var inBias = w.Load(prefix + "in_proj.bias", [inner + conv + heads], WeightRole.Bias))
            {
                var column = inBias.Reshape(inner + conv + heads, 1);   // GatherRows takes rows: [I + C + H, 1]
                _zBias = TakeRows(backend, column, 0, inner).ReshapeOwned(inner);
                _xbcDtBias = TakeRows(backend, column, inner, conv + heads).ReshapeOwned(conv + heads);
            }

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

    public Tensor Step(Tensor x, Tensor position, LayerCache cache) => Run(x, (MambaCache)cache, null);

    // Memory order (issue 11): at 64k tokens on nemotron-nano-12b-v2 (I = 10240, C = 12288, H = 128) one
    // in_proj output [T, I + C + H] is 2.97 GB in bf16, and z = its first I columns is only read by the gated
    // norm after the scan. So the xBC|dt rows are projected first and freed once conv and dt are made, before
    // the scan; z is projected from x after the scan has freed xBC. Each large tensor dies as early as it can:
    //   project + conv: x, [T, C + H] projection, xBC [T, C], dt [T, H]
    //   scan:           x, xBC [T, C] and its x | B | C slices (views on Torch, copies elsewhere), dt [T, H], y [T, H, P]
    //   gate:           x, y [T, I], z [T, I], normed [T, I]
    // The two GEMMs do the same work as the one they replace; each output is the same dot product.
    private Tensor Run(Tensor x, MambaCache state, SignalProbe? probe)
    {
        var (xbc, dt) = ConvAndDt(x, state);
        Tensor y;
        using (xbc)
        using (dt)
        {
            y = Scan(xbc, dt, state, probe);
        }

        Tensor normed;
        using (y)
        using (var z = _b.Linear(x, _zProj, _zBias))                  // [T, I]
        {
            normed = _b.GatedRmsNorm(y.Reshape(x.Rows, _c.MambaInner), z, _norm, _c.MambaInner / _c.Groups, _c.NormEps);
        }

        using (normed)
        {
            return _b.Linear(normed, _outProj, _outBias);
        }
    }

    /// <summary>xBC = SiLU(causal conv1d(xBC)) [T, C] and dt = clamp(softplus(dt + dt_bias)) [T, H], with their projection freed.</summary>
    private (Tensor Xbc, Tensor Dt) ConvAndDt(Tensor x, MambaCache state)
    {
        var (conv, heads) = (_c.ConvDim, _c.MambaHeads);
        using var proj = _b.Linear(x, _xbcDtProj, _xbcDtBias);        // [T, C + H]
        using var xbcRaw = _b.SliceColumns(proj, 0, conv);            // [T, C]
        using var dtRaw = _b.SliceColumns(proj, conv, heads);         // [T, H]
        var xbc = _b.CausalConv1dSilu(xbcRaw, _convW, _convB, state.ConvState);
        try
        {
            return (xbc, _b.DtSoftplus(dtRaw, _dtBias, _c.DtMin, _c.DtMax));
        }
        catch
        {
            xbc.Dispose();
            throw;
        }
    }

    /// <summary>The probe's implicit attention (from B, C, dt), then the SSD scan y [T, H, P].</summary>
    private Tensor Scan(Tensor xbc, Tensor dt, MambaCache state, SignalProbe? probe)
    {
        var t = xbc.Rows;
        var (inner, gn) = (_c.MambaInner, _c.Groups * _c.SsmStateSize);
        using var xs = _b.SliceColumns(xbc, 0, inner);               // [T, I] = [T, H, P]
        using var bMat = _b.SliceColumns(xbc, inner, gn);            // [T, G·N]
        using var cMat = _b.SliceColumns(xbc, inner + gn, gn);       // [T, G·N]
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

        return _b.SsdScan(xs.Reshape(t, _c.MambaHeads, _c.MambaHeadDim), dt, _a, b3, c3, _d, state.SsmState, _c.ChunkSize);
    }

    /// <summary>
    /// Rows [start, start + count) of a loaded weight, in the weight type. GatherRows keeps it on the CPU and Torch
    /// backends; the native CUDA backend gathers into an fp32 activation, which is uploaded again as a weight (bf16,
    /// exact: the values were bf16) so the split weights take no more memory than the one they come from.
    /// </summary>
    private static Tensor TakeRows(IBackend backend, Tensor weight, int start, int count)
    {
        var part = backend.GatherRows(weight, Enumerable.Range(start, count).ToArray());
        if (part.DType == weight.DType)
        {
            return part;
        }

        using (part)
        {
            return backend.LoadWeight(MemoryMarshal.AsBytes(backend.ToHost(part).AsSpan()), DType.F32, [count, weight.Width]);
        }
    }

    public void Dispose()
    {
        foreach (var t in new[] { _zProj, _xbcDtProj, _convW, _dtBias, _a, _d, _norm, _outProj, _zBias, _xbcDtBias, _convB, _outBias })
        {
            t?.Dispose();
        }
    }
}
