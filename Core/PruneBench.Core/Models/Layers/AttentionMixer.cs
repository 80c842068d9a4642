using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// GQA self-attention: llama (optional qkv bias), qwen2 (qkv bias), qwen3 (per-head q/k RMSNorm before
/// RoPE), nemotron_h (no RoPE). Keys are cached after RoPE. Signals: query attention from |Q| rows
/// against this layer's own keys (never L×L) and head-mean pre-RoPE keys.
/// </summary>
internal sealed class AttentionMixer : IMixer
{
    private readonly IBackend _b;
    private readonly ModelConfig _c;
    private readonly Tensor _wq, _wk, _wv, _wo;
    private readonly Tensor? _bq, _bk, _bv, _qNorm, _kNorm;
    private readonly float[][] _axisFrequencies;

    public AttentionMixer(IBackend backend, ModelConfig config, IWeightSource w, string prefix)
    {
        _b = backend;
        _c = config;
        _axisFrequencies = config.RopeAxisFrequencies();
        var (h, d, hq, hkv) = (config.HiddenSize, config.HeadDim, config.AttentionHeads, config.KeyValueHeads);
        _wq = w.Load(prefix + "q_proj.weight", [hq * d, h], WeightRole.Matrix);
        _wk = w.Load(prefix + "k_proj.weight", [hkv * d, h], WeightRole.Matrix);
        _wv = w.Load(prefix + "v_proj.weight", [hkv * d, h], WeightRole.Matrix);
        _wo = w.Load(prefix + "o_proj.weight", [h, hq * d], WeightRole.Matrix);
        if (config.QkvBias)
        {
            _bq = w.Load(prefix + "q_proj.bias", [hq * d], WeightRole.Bias);
            _bk = w.Load(prefix + "k_proj.bias", [hkv * d], WeightRole.Bias);
            _bv = w.Load(prefix + "v_proj.bias", [hkv * d], WeightRole.Bias);
        }

        if (config.QkNorm)
        {
            _qNorm = w.Load(prefix + "q_norm.weight", [d], WeightRole.NormScale);
            _kNorm = w.Load(prefix + "k_norm.weight", [d], WeightRole.NormScale);
        }
    }

    public Tensor Prefill(Tensor x, PrefillContext context, out LayerCache cache)
    {
        var (t, positions, probe, extraCapacity) = (x.Rows, context.Positions, context.Probe, context.ExtraCapacity);
        var (q, k, v) = Project(x, positions, probe);
        using (q)
        using (k)
        using (v)
        {
            // Decode tokens have size 1 (log size 0): the zero tail of the log-size row stays valid.
            var logSize = context.LogSizes is { } ls ? _b.FromHost([.. ls, .. new float[extraCapacity]], t + extraCapacity) : null;
            var kv = new KvCache(_b.Zeros(t + extraCapacity, _c.KeyValueHeads, _c.HeadDim), _b.Zeros(t + extraCapacity, _c.KeyValueHeads, _c.HeadDim), logSize)
            {
                Length = t,
            };
            _b.CopyRows(k.Reshape(t, _c.KeyValueHeads * _c.HeadDim), 0, kv.Keys.Reshape(kv.Capacity, _c.KeyValueHeads * _c.HeadDim), 0, t);
            _b.CopyRows(v.Reshape(t, _c.KeyValueHeads * _c.HeadDim), 0, kv.Values.Reshape(kv.Capacity, _c.KeyValueHeads * _c.HeadDim), 0, t);
            cache = kv;
            if (probe is not null && (probe.Wants(SignalKinds.Score) || probe.Wants(SignalKinds.RawAttention)))
            {
                using (probe.Measure(_b))
                {
                    QueryAttentionSignal(q, kv, probe);
                }
            }

            using var attn = _b.Attention(q, kv.Keys, kv.Values, t, 0, kv.LogSize);
            return _b.Linear(attn.Reshape(t, _c.AttentionHeads * _c.HeadDim), _wo, null);
        }
    }

    public Tensor Step(Tensor x, Tensor position, LayerCache cache)
    {
        var kv = (KvCache)cache;
        if (kv.Length >= kv.Capacity)
        {
            throw new InvalidOperationException($"KV cache full ({kv.Capacity} rows): more decode steps than allocated.");
        }

        // A decode token is text: the same position id on every axis (transformers' M-RoPE text rule).
        var (q, k, v) = Project(x, Enumerable.Repeat(position, _axisFrequencies.Length).ToArray(), null);
        using (q)
        using (k)
        using (v)
        {
            var width = _c.KeyValueHeads * _c.HeadDim;
            _b.CopyRows(k.Reshape(1, width), 0, kv.Keys.Reshape(kv.Capacity, width), kv.Length, 1);
            _b.CopyRows(v.Reshape(1, width), 0, kv.Values.Reshape(kv.Capacity, width), kv.Length, 1);
            kv.Length++;
            using var attn = _b.Attention(q, kv.Keys, kv.Values, kv.Length, kv.Length - 1, kv.LogSize);
            return _b.Linear(attn.Reshape(1, _c.AttentionHeads * _c.HeadDim), _wo, null);
        }
    }

    /// <summary>q [T, Hq, d], k and v [T, Hkv, d]; q/k normed (qwen3) and rotated (RoPE families).</summary>
    private (Tensor Q, Tensor K, Tensor V) Project(Tensor x, Tensor[] positions, SignalProbe? probe)
    {
        var t = x.Rows;
        var (d, hq, hkv) = (_c.HeadDim, _c.AttentionHeads, _c.KeyValueHeads);
        var q = _b.Linear(x, _wq, _bq);
        var k = _b.Linear(x, _wk, _bk);
        var v = _b.Linear(x, _wv, _bv);
        if (_qNorm is not null && _kNorm is not null)
        {
            var qn = _b.RmsNorm(q.Reshape(t * hq, d), _qNorm, _c.NormEps);
            var kn = _b.RmsNorm(k.Reshape(t * hkv, d), _kNorm, _c.NormEps);
            q.Dispose();
            k.Dispose();
            (q, k) = (qn, kn);
        }

        if (probe is not null && probe.Wants(SignalKinds.Keys))
        {
            using (probe.Measure(_b))
            {
                KeySignal(k, probe);
            }
        }

        var q3 = q.ReshapeOwned(t, hq, d);
        var k3 = k.ReshapeOwned(t, hkv, d);
        if (_c.UseRope)
        {
            // One rotation per position axis over the frequencies that axis drives (MRope): 1-D RoPE is one axis.
            for (var a = 0; a < _axisFrequencies.Length; a++)
            {
                _b.Rope(q3, _axisFrequencies[a], positions[a]);
                _b.Rope(k3, _axisFrequencies[a], positions[a]);
            }
        }

        return (q3, k3, v.ReshapeOwned(t, hkv, d));
    }

    /// <summary>Head-mean of pre-RoPE keys of the visual rows: [V, d]; on the device path 1/‖head mean‖ [V] instead.</summary>
    private void KeySignal(Tensor k, SignalProbe probe)
    {
        var (d, hkv) = (_c.HeadDim, _c.KeyValueHeads);
        if (probe.OnDevice)
        {
            // The visual run is contiguous: a device-to-device copy, no index upload.
            using var run = _b.Zeros(probe.VisualCount, hkv * d);
            _b.CopyRows(k.Reshape(k.Length == 0 ? 0 : (int)(k.Length / (hkv * d)), hkv * d), probe.VisualStart, run, 0, probe.VisualCount);
            probe.DeviceScore = _b.InverseHeadMeanNorms(run, hkv);
            return;
        }

        var rows = Enumerable.Range(probe.VisualStart, probe.VisualCount).ToArray();
        using var vis = _b.GatherRows(k.Reshape(k.Length == 0 ? 0 : (int)(k.Length / (hkv * d)), hkv * d), rows);
        var host = _b.ToHost(vis);
        var mean = new float[probe.VisualCount * d];
        for (var j = 0; j < probe.VisualCount; j++)
        {
            for (var h = 0; h < hkv; h++)
            {
                for (var i = 0; i < d; i++)
                {
                    mean[j * d + i] += host[(j * hkv + h) * d + i] / hkv;
                }
            }
        }

        probe.Keys = mean;
        probe.KeyWidth = d;
    }

    private void QueryAttentionSignal(Tensor q, KvCache kv, SignalProbe probe)
    {
        var rows = probe.QueryRows;
        using var qRows = _b.GatherRows(q.Reshape(q.Shape[0], _c.AttentionHeads * _c.HeadDim), rows);
        var q3 = qRows.Reshape(rows.Length, _c.AttentionHeads, _c.HeadDim);
        var (hq, v) = (_c.AttentionHeads, probe.VisualCount);
        if (probe.Wants(SignalKinds.RawAttention))
        {
            using var raw = _b.QueryAttention(q3, kv.Keys, kv.Length, rows, kv.LogSize, probe.VisualStart, v, perQuery: true);
            probe.RawAttention = _b.ToHost(raw);
        }

        if (!probe.Wants(SignalKinds.Score))
        {
            return;
        }

        using var perHead = _b.QueryAttention(q3, kv.Keys, kv.Length, rows, kv.LogSize, probe.VisualStart, v, perQuery: false);
        if (probe.OnDevice)
        {
            probe.DeviceScore = _b.ReduceHeads(perHead, probe.Request.Heads);
            return;
        }

        var host = _b.ToHost(perHead); // [Hq, V], mean over queries
        var score = new float[v];
        for (var j = 0; j < v; j++)
        {
            var acc = probe.Request.Heads == HeadAggregation.Max ? float.MinValue : 0f;
            for (var h = 0; h < hq; h++)
            {
                acc = probe.Request.Heads == HeadAggregation.Max ? Math.Max(acc, host[h * v + j]) : acc + host[h * v + j] / hq;
            }

            score[j] = v == 0 ? 0 : acc;
        }

        probe.Scores = score;
    }

    public void Dispose()
    {
        foreach (var t in new[] { _wq, _wk, _wv, _wo, _bq, _bk, _bv, _qNorm, _kNorm })
        {
            t?.Dispose();
        }
    }
}
