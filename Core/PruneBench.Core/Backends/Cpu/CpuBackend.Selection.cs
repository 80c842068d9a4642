using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cpu;

/// <summary>
/// Score selection: the reference of the CUDA kernels, computed with the contract's own helpers
/// (<see cref="ScoreNormalization.Blend"/>, <see cref="TopKSelection.Ascending"/>) so that the engine's device
/// path on the CPU decides exactly as a plugin-side <see cref="ScorePruner"/> does. I32 tensors keep each index's
/// bit pattern in the float storage.
/// </summary>
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor ReduceHeads(Tensor perHead, HeadAggregation aggregation)
    {
        var (h, v) = (perHead.Rows, perHead.Width);
        var x = D(perHead);
        var result = new float[v];
        for (var j = 0; j < v; j++)
        {
            var acc = aggregation == HeadAggregation.Max ? float.MinValue : 0f;
            for (var i = 0; i < h; i++)
            {
                acc = aggregation == HeadAggregation.Max ? Math.Max(acc, x[(i * v) + j]) : acc + (x[(i * v) + j] / h);
            }

            result[j] = h == 0 ? 0 : acc;
        }

        return New(result, v);
    }

    /// <inheritdoc />
    public Tensor InverseHeadMeanNorms(Tensor x, int heads)
    {
        if (heads <= 0 || x.Width % heads != 0)
        {
            throw new ArgumentException($"InverseHeadMeanNorms: width {x.Width} of [{string.Join(",", x.Shape)}] is not {heads} heads.", nameof(heads));
        }

        var (rows, d) = (x.Rows, x.Width / heads);
        var data = D(x);
        var result = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var sum = 0f;
            for (var i = 0; i < d; i++)
            {
                // Σ_h x/heads, h ascending: the engine's head-mean key signal, summed in the same order.
                var mean = 0f;
                for (var h = 0; h < heads; h++)
                {
                    mean += data[((long)r * x.Width) + (h * d) + i] / heads;
                }

                sum += mean * mean;
            }

            result[r] = 1 / MathF.Max(MathF.Sqrt(sum), 1e-30f);
        }

        return New(result, rows);
    }

    /// <inheritdoc />
    public Tensor BlendScores(Tensor? running, Tensor current, float beta)
    {
        var result = running is null ? new float[current.Length] : D(running)[..(int)running.Length];
        ScoreNormalization.Blend(result, D(current).AsSpan(0, (int)current.Length), running is null ? 0 : beta);
        return New(result, result.Length);
    }

    /// <inheritdoc />
    public (Tensor Kept, Tensor Scores) SelectTop(Tensor? running, Tensor? current, float beta, int k)
    {
        var n = (int)(current ?? running ?? throw new ArgumentException("SelectTop: neither a running nor a current score.", nameof(running))).Length;
        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"SelectTop: k = {k} is outside 0..{n}.");
        }

        if (running is not null && running.Length != n)
        {
            throw new ArgumentException($"SelectTop: running {running} and current {current} differ in length.", nameof(current));
        }

        var values = running is null ? new float[n] : D(running)[..n];
        if (current is not null)
        {
            ScoreNormalization.Blend(values, D(current).AsSpan(0, n), running is null ? 0 : beta);
        }

        var kept = TopKSelection.Ascending(values, k);
        return (Indices(kept), New(Array.ConvertAll(kept, i => values[i]), k));
    }

    /// <inheritdoc />
    public Tensor CompactRows(Tensor x, Tensor kept, int start, int count)
    {
        var keep = IndicesToHost(kept);
        if (start < 0 || count < 0 || start + count > x.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"CompactRows: run [{start}, {start + count}) is outside the {x.Rows} rows.");
        }

        var rows = Enumerable.Range(0, start)
            .Concat(keep.Select(i => (uint)i < (uint)count ? start + i : throw new ArgumentOutOfRangeException(nameof(kept), $"CompactRows: kept index {i} is outside 0..{count - 1}.")))
            .Concat(Enumerable.Range(start + count, x.Rows - start - count))
            .ToArray();
        return GatherRows(x, rows);
    }

    /// <inheritdoc />
    public int[] IndicesToHost(Tensor indices)
    {
        if (indices.DType != DType.I32)
        {
            throw new ArgumentException($"IndicesToHost: {indices} is not an I32 index tensor.", nameof(indices));
        }

        return [.. D(indices).Select(BitConverter.SingleToInt32Bits)];
    }

    private Tensor Indices(int[] values)
    {
        Track(values.LongLength * sizeof(float));
        return new Tensor(this, new CpuStorage([.. values.Select(BitConverter.Int32BitsToSingle)], this), [values.Length], DType.I32);
    }
}
