using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Tensors;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// The CPU reference with the CUDA backend's roundings applied: weights stored as bf16, both GEMM operands
/// rounded to bf16 (products then accumulate in fp32, as cuBLAS does), and, where the GPU runs attention on the
/// tensor cores (<see cref="CudaBackend.TensorCoreAttentionApplies"/>), q, k, v and the probabilities rounded to
/// bf16 as that kernel does. Everything else is the fp32 CPU backend. A GPU run must match this to fp32 accumulation-order tolerance, which separates
/// kernel bugs from the expected bf16 drift against the plain fp32 engine.
/// </summary>
public sealed class Bf16EmulatingCpuBackend : IBackend
{
    private readonly CpuBackend _cpu = new();

    public string Name => "cpu (bf16 weights and GEMM operands, emulated)";

    public DeviceKind Device => DeviceKind.Cpu;

    public MemoryStats Memory => _cpu.Memory;

    public void ResetPeakMemory() => _cpu.ResetPeakMemory();

    public void Synchronize() => _cpu.Synchronize();

    public IDeviceTimer CreateTimer() => _cpu.CreateTimer();

    public Tensor FromHost(ReadOnlySpan<float> data, params int[] shape) => _cpu.FromHost(data, shape);

    public Tensor Zeros(params int[] shape) => _cpu.Zeros(shape);

    public Tensor LoadWeight(ReadOnlySpan<byte> data, DType dtype, int[] shape)
    {
        using var exact = _cpu.LoadWeight(data, dtype, shape);
        return Rounded(exact);
    }

    public Tensor RandomWeight(int[] shape, float scale, float offset, ulong seed)
    {
        using var exact = _cpu.RandomWeight(shape, scale, offset, seed);
        return Rounded(exact);
    }

    public float[] ToHost(Tensor t) => _cpu.ToHost(t);

    public void CopyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows) => _cpu.CopyRows(src, srcRow, dst, dstRow, rows);

    public Tensor GatherRows(Tensor src, ReadOnlySpan<int> rows) => _cpu.GatherRows(src, rows);

    public void MergeRows(Tensor x, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> sizes) => _cpu.MergeRows(x, sources, targets, sizes);

    public Tensor SliceColumns(Tensor x, int start, int count) => _cpu.SliceColumns(x, start, count);

    public Tensor Embedding(Tensor table, ReadOnlySpan<int> ids) => _cpu.Embedding(table, ids);

    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        // Weights are already bf16-exact; the activation operand is rounded like f32_to_bf16_copy does.
        using var xr = Rounded(x);
        return _cpu.Linear(xr, weight, bias);
    }

    public Tensor RmsNorm(Tensor x, Tensor weight, float eps) => _cpu.RmsNorm(x, weight, eps);

    public Tensor GatedRmsNorm(Tensor x, Tensor gate, Tensor weight, int groupSize, float eps) => _cpu.GatedRmsNorm(x, gate, weight, groupSize, eps);

    public void Add(Tensor x, Tensor y) => _cpu.Add(x, y);

    public Tensor AddCompactRows(Tensor x, Tensor y, Tensor kept, int start, int count) => _cpu.AddCompactRows(x, y, kept, start, count);

    public Tensor SwiGlu(Tensor gate, Tensor up) => _cpu.SwiGlu(gate, up);

    public Tensor Relu2(Tensor x) => _cpu.Relu2(x);

    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, Tensor positions) => _cpu.Rope(x, invFreq, positions);

    public Tensor Attention(Tensor q, Tensor kCache, Tensor vCache, int kvLength, int queryOffset, Tensor? keyLogSize)
    {
        int tq = q.Shape[0], hq = q.Shape[1], d = q.Shape[2], hkv = kCache.Shape[1];
        if (!CudaBackend.TensorCoreAttentionApplies(tq, d))
        {
            return _cpu.Attention(q, kCache, vCache, kvLength, queryOffset, keyLogSize); // the GPU's fp32 kernel
        }

        // The tensor-core kernel's roundings: q, k, v to bf16, and each probability p = exp(s − max) to bf16, with
        // the row sum over the same rounded values. The kernel takes the max over the keys seen so far (64-key
        // tiles), so this is exact for rows of at most 64 keys (the fixtures) and the same rounding in kind beyond.
        var qh = RoundedHost(q);
        var kh = RoundedHost(kCache);
        var vh = RoundedHost(vCache);
        var bias = keyLogSize is null ? null : _cpu.ToHost(keyLogSize);
        var scale = 1f / MathF.Sqrt(d);
        var result = new float[tq * hq * d];
        var s = new float[kvLength];
        var acc = new float[d];
        for (var t = 0; t < tq; t++)
        {
            var last = queryOffset + t;
            for (var h = 0; h < hq; h++)
            {
                var kvh = h / (hq / hkv);
                var qRow = qh.AsSpan(((t * hq) + h) * d, d);
                var max = float.NegativeInfinity;
                for (var j = 0; j <= last; j++)
                {
                    var kRow = kh.AsSpan(((j * hkv) + kvh) * d, d);
                    var dot = 0f;
                    for (var c = 0; c < d; c++)
                    {
                        dot += qRow[c] * kRow[c];
                    }

                    s[j] = (dot * scale) + (bias is null ? 0f : bias[j]);
                    max = Math.Max(max, s[j]);
                }

                Array.Clear(acc);
                var sum = 0f;
                for (var j = 0; j <= last; j++)
                {
                    var p = Bf16.Round(MathF.Exp(s[j] - max));
                    sum += p;
                    var vRow = vh.AsSpan(((j * hkv) + kvh) * d, d);
                    for (var c = 0; c < d; c++)
                    {
                        acc[c] += p * vRow[c];
                    }
                }

                for (var c = 0; c < d; c++)
                {
                    result[(((t * hq) + h) * d) + c] = acc[c] / sum;
                }
            }
        }

        return _cpu.FromHost(result, tq, hq, d);
    }

    public Tensor QueryAttention(Tensor q, Tensor kCache, int kvLength, ReadOnlySpan<int> queryRows, Tensor? keyLogSize, int colStart, int colCount, bool perQuery) =>
        _cpu.QueryAttention(q, kCache, kvLength, queryRows, keyLogSize, colStart, colCount, perQuery);

    public Tensor CausalConv1dSilu(Tensor x, Tensor weight, Tensor? bias, Tensor convState) => _cpu.CausalConv1dSilu(x, weight, bias, convState);

    public Tensor DtSoftplus(Tensor dtRaw, Tensor dtBias, float min, float max) => _cpu.DtSoftplus(dtRaw, dtBias, min, max);

    public Tensor SsdScan(Tensor x, Tensor dt, Tensor a, Tensor b, Tensor c, Tensor d, Tensor state, int chunkSize) =>
        _cpu.SsdScan(x, dt, a, b, c, d, state, chunkSize);

    public Tensor ImplicitAttention(Tensor b, Tensor c, Tensor dt, Tensor a, ReadOnlySpan<int> queryRows, int colStart, int colCount, ImplicitVariant variant, ScoreTransform transform) =>
        _cpu.ImplicitAttention(b, c, dt, a, queryRows, colStart, colCount, variant, transform);

    public void Dispose() => _cpu.Dispose();

    private float[] RoundedHost(Tensor t)
    {
        var v = _cpu.ToHost(t);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Bf16.Round(v[i]);
        }

        return v;
    }

    private Tensor Rounded(Tensor t)
    {
        var v = _cpu.ToHost(t);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Bf16.Round(v[i]);
        }

        return _cpu.FromHost(v, (int[])t.Shape.Clone());
    }

    public Tensor ReduceHeads(Tensor perHead, HeadAggregation aggregation) => _cpu.ReduceHeads(perHead, aggregation);

    public Tensor InverseHeadMeanNorms(Tensor x, int heads) => _cpu.InverseHeadMeanNorms(x, heads);

    public Tensor BlendScores(Tensor? running, Tensor current, float beta) => _cpu.BlendScores(running, current, beta);

    public (Tensor Kept, Tensor Scores) SelectTop(Tensor? running, Tensor? current, float beta, int k) => _cpu.SelectTop(running, current, beta, k);

    public Tensor CompactRows(Tensor x, Tensor kept, int start, int count) => _cpu.CompactRows(x, kept, start, count);

    public int[] IndicesToHost(Tensor indices) => _cpu.IndicesToHost(indices);
}
