using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Tests.TestSupport;

/// <summary>
/// The CPU backend, recording the calls that wait for the device ("sync": Synchronize, "host": ToHost, "indices":
/// IndicesToHost) in order with the layers' own ops ("layer": Attention, SsdScan, SwiGlu, Relu2), so a test can
/// see whether anything waits inside the layer loop.
/// </summary>
public sealed class RecordingBackend : IBackend
{
    private readonly CpuBackend _inner = new();

    /// <summary>The recorded calls, in order.</summary>
    public List<string> Events { get; } = [];

    /// <summary>Recorded waits between the first and the last layer op.</summary>
    public IReadOnlyList<string> WaitsInsideLayers()
    {
        var (first, last) = (Events.IndexOf("layer"), Events.LastIndexOf("layer"));
        return first < 0 ? [] : [.. Events.Skip(first).Take(last - first).Where(e => e != "layer")];
    }

    public string Name => _inner.Name;

    public DeviceKind Device => _inner.Device;

    public MemoryStats Memory => _inner.Memory;

    public void Dispose() => _inner.Dispose();

    public void ResetPeakMemory() => _inner.ResetPeakMemory();

    public void Synchronize()
    {
        Events.Add("sync");
        _inner.Synchronize();
    }

    public IDeviceTimer CreateTimer() => _inner.CreateTimer();

    public Tensor FromHost(ReadOnlySpan<float> data, params int[] shape) => _inner.FromHost(data, shape);

    public Tensor Zeros(params int[] shape) => _inner.Zeros(shape);

    public Tensor LoadWeight(ReadOnlySpan<byte> data, DType dtype, int[] shape) => _inner.LoadWeight(data, dtype, shape);

    public Tensor RandomWeight(int[] shape, float scale, float offset, ulong seed) => _inner.RandomWeight(shape, scale, offset, seed);

    public float[] ToHost(Tensor t)
    {
        Events.Add("host");
        return _inner.ToHost(t);
    }

    public void CopyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows) => _inner.CopyRows(src, srcRow, dst, dstRow, rows);

    public Tensor GatherRows(Tensor src, ReadOnlySpan<int> rows) => _inner.GatherRows(src, rows);

    public void MergeRows(Tensor x, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> sizes) => _inner.MergeRows(x, sources, targets, sizes);

    public Tensor SliceColumns(Tensor x, int start, int count) => _inner.SliceColumns(x, start, count);

    public Tensor Embedding(Tensor table, ReadOnlySpan<int> ids) => _inner.Embedding(table, ids);

    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias) => _inner.Linear(x, weight, bias);

    public Tensor RmsNorm(Tensor x, Tensor weight, float eps) => _inner.RmsNorm(x, weight, eps);

    public Tensor GatedRmsNorm(Tensor x, Tensor gate, Tensor weight, int groupSize, float eps) => _inner.GatedRmsNorm(x, gate, weight, groupSize, eps);

    public void Add(Tensor x, Tensor y) => _inner.Add(x, y);

    public Tensor AddCompactRows(Tensor x, Tensor y, Tensor kept, int start, int count) => _inner.AddCompactRows(x, y, kept, start, count);

    public Tensor SwiGlu(Tensor gate, Tensor up)
    {
        Events.Add("layer");
        return _inner.SwiGlu(gate, up);
    }

    public Tensor Relu2(Tensor x)
    {
        Events.Add("layer");
        return _inner.Relu2(x);
    }

    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, Tensor positions) => _inner.Rope(x, invFreq, positions);

    public Tensor Attention(Tensor q, Tensor kCache, Tensor vCache, int kvLength, int queryOffset, Tensor? keyLogSize)
    {
        Events.Add("layer");
        return _inner.Attention(q, kCache, vCache, kvLength, queryOffset, keyLogSize);
    }

    public Tensor QueryAttention(Tensor q, Tensor kCache, int kvLength, ReadOnlySpan<int> queryRows, Tensor? keyLogSize, int colStart, int colCount, bool perQuery) => _inner.QueryAttention(q, kCache, kvLength, queryRows, keyLogSize, colStart, colCount, perQuery);

    public Tensor CausalConv1dSilu(Tensor x, Tensor weight, Tensor? bias, Tensor convState) => _inner.CausalConv1dSilu(x, weight, bias, convState);

    public Tensor DtSoftplus(Tensor dtRaw, Tensor dtBias, float min, float max) => _inner.DtSoftplus(dtRaw, dtBias, min, max);

    public Tensor SsdScan(Tensor x, Tensor dt, Tensor a, Tensor b, Tensor c, Tensor d, Tensor state, int chunkSize)
    {
        Events.Add("layer");
        return _inner.SsdScan(x, dt, a, b, c, d, state, chunkSize);
    }

    public Tensor ImplicitAttention(Tensor b, Tensor c, Tensor dt, Tensor a, ReadOnlySpan<int> queryRows, int colStart, int colCount, ImplicitVariant variant, ScoreTransform transform) => _inner.ImplicitAttention(b, c, dt, a, queryRows, colStart, colCount, variant, transform);

    public Tensor ReduceHeads(Tensor perHead, HeadAggregation aggregation) => _inner.ReduceHeads(perHead, aggregation);

    public Tensor InverseHeadMeanNorms(Tensor x, int heads) => _inner.InverseHeadMeanNorms(x, heads);

    public Tensor BlendScores(Tensor? running, Tensor current, float beta) => _inner.BlendScores(running, current, beta);

    public (Tensor Kept, Tensor Scores) SelectTop(Tensor? running, Tensor? current, float beta, int k) => _inner.SelectTop(running, current, beta, k);

    public Tensor CompactRows(Tensor x, Tensor kept, int start, int count) => _inner.CompactRows(x, kept, start, count);

    public int[] IndicesToHost(Tensor indices)
    {
        Events.Add("indices");
        return _inner.IndicesToHost(indices);
    }
}
