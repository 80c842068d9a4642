using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cpu;

/// <summary>Causal GQA attention and the query-row attention signal.</summary>
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor Attention(Tensor q, Tensor kCache, Tensor vCache, int kvLength, int queryOffset, Tensor? keyLogSize)
    {
        var (tq, hq, d) = (q.Shape[0], q.Shape[1], q.Shape[2]);
        var hkv = kCache.Shape[1];
        CheckAttention(q, kCache, kvLength, hq, hkv, d);
        if (queryOffset + tq > kvLength)
        {
            throw new ArgumentException($"Attention: queries at rows {queryOffset}..{queryOffset + tq - 1} beyond kv length {kvLength}.");
        }

        var qs = D(q);
        var ks = D(kCache);
        var vs = D(vCache);
        var bias = keyLogSize is null ? null : D(keyLogSize);
        var y = new float[(long)tq * hq * d];
        var scale = 1f / MathF.Sqrt(d);
        // Jobs = (head, tile of 4 query rows): each key and value row loaded once feeds 4 queries.
        const int tile = 4;
        var tiles = (tq + tile - 1) / tile;
        Parallel.For(0, (long)hq * tiles, job =>
        {
            var h = (int)(job / tiles);
            var t0 = (int)(job % tiles) * tile;
            var n = Math.Min(tile, tq - t0);
            var kvh = h / (hq / hkv);
            var len = queryOffset + t0 + n; // keys visible to the last query of the tile
            var scores = new float[tile * len];
            for (var j = 0; j < len; j++)
            {
                var kRow = new ReadOnlySpan<float>(ks, (j * hkv + kvh) * d, d);
                for (var r = 0; r < n; r++)
                {
                    // Causal: query t0 + r sits at row queryOffset + t0 + r.
                    scores[r * len + j] = j <= queryOffset + t0 + r
                        ? TensorPrimitives.Dot(new ReadOnlySpan<float>(qs, ((t0 + r) * hq + h) * d, d), kRow) * scale + (bias?[j] ?? 0f)
                        : float.NegativeInfinity;
                }
            }

            for (var r = 0; r < n; r++)
            {
                StableSoftmax(scores.AsSpan(r * len, len));
            }

            for (var j = 0; j < len; j++)
            {
                var vRow = new ReadOnlySpan<float>(vs, (j * hkv + kvh) * d, d);
                for (var r = 0; r < n; r++)
                {
                    var p = scores[r * len + j];
                    if (p != 0f)
                    {
                        var outRow = new Span<float>(y, ((t0 + r) * hq + h) * d, d);
                        TensorPrimitives.MultiplyAdd(vRow, p, outRow, outRow);
                    }
                }
            }
        });
        return New(y, tq, hq, d);
    }

    /// <inheritdoc />
    public Tensor QueryAttention(Tensor q, Tensor kCache, int kvLength, ReadOnlySpan<int> queryRows, Tensor? keyLogSize, int colStart, int colCount, bool perQuery)
    {
        var (nq, hq, d) = (q.Shape[0], q.Shape[1], q.Shape[2]);
        var hkv = kCache.Shape[1];
        CheckAttention(q, kCache, kvLength, hq, hkv, d);
        if (queryRows.Length != nq || colStart < 0 || colStart + colCount > kvLength)
        {
            throw new ArgumentException($"QueryAttention: {queryRows.Length} query rows for {nq} queries, columns [{colStart}, {colStart + colCount}) of {kvLength}.");
        }

        var qs = D(q);
        var ks = D(kCache);
        var bias = keyLogSize is null ? null : D(keyLogSize);
        var rows = queryRows.ToArray();
        // [heads, Q, cols]; the mean over queries is taken afterwards when !perQuery.
        var raw = new float[(long)hq * nq * colCount];
        Parallel.For(0, (long)hq * nq, job =>
        {
            var h = (int)(job / nq);
            var i = (int)(job % nq);
            var len = rows[i] + 1;
            if (len > kvLength)
            {
                throw new ArgumentException($"QueryAttention: query row {rows[i]} beyond kv length {kvLength}.");
            }

            var probs = new float[len];
            RowSoftmax(new ReadOnlySpan<float>(qs, (i * hq + h) * d, d), ks, h / (hq / hkv), hkv, d, len, bias, probs);
            var dst = new Span<float>(raw, (int)((h * (long)nq + i) * colCount), colCount);
            var visible = Math.Clamp(len - colStart, 0, colCount);
            probs.AsSpan(colStart, visible).CopyTo(dst);
        });
        if (perQuery)
        {
            return New(raw, hq, nq, colCount);
        }

        var mean = new float[(long)hq * colCount];
        for (var h = 0; h < hq; h++)
        {
            var dst = new Span<float>(mean, h * colCount, colCount);
            for (var i = 0; i < nq; i++)
            {
                TensorPrimitives.Add(dst, new ReadOnlySpan<float>(raw, (h * nq + i) * colCount, colCount), dst);
            }

            TensorPrimitives.Multiply(dst, 1f / Math.Max(nq, 1), dst);
        }

        return New(mean, hq, colCount);
    }

    private static void CheckAttention(Tensor q, Tensor kCache, int kvLength, int hq, int hkv, int d)
    {
        if (q.Shape.Length != 3 || kCache.Shape.Length != 3 || kCache.Shape[2] != d || hq % hkv != 0 || kvLength > kCache.Shape[0])
        {
            throw new ArgumentException($"Attention: q {q}, kCache {kCache}, kvLength {kvLength} are inconsistent.");
        }
    }

    /// <summary>probs[j] = softmax_j(q·k_j/√d + logSize_j) for keys 0..len−1 of one KV head.</summary>
    private static void RowSoftmax(ReadOnlySpan<float> q, float[] ks, int kvHead, int hkv, int d, int len, float[]? logSize, Span<float> probs)
    {
        var scale = 1f / MathF.Sqrt(d);
        for (var j = 0; j < len; j++)
        {
            probs[j] = TensorPrimitives.Dot(q, new ReadOnlySpan<float>(ks, (j * hkv + kvHead) * d, d)) * scale + (logSize?[j] ?? 0f);
        }

        StableSoftmax(probs[..len]);
    }

    /// <summary>In-place softmax with the row maximum subtracted first, so large logits cannot overflow; −∞ entries give 0.</summary>
    private static void StableSoftmax(Span<float> row)
    {
        if (row.IsEmpty)
        {
            return;
        }

        var max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
    }
}
