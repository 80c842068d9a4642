using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cpu;

/// <summary>Embedding, projections, norms and elementwise ops.</summary>
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor Embedding(Tensor table, ReadOnlySpan<int> ids)
    {
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)table.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"Embedding: token id {id} outside the vocabulary [0, {table.Rows}).");
            }
        }

        return GatherRows(table, ids);
    }

    /// <inheritdoc />
    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        var (rows, inDim, outDim) = (x.Rows, x.Width, weight.Rows);
        if (weight.Width != inDim)
        {
            throw new ArgumentException($"Linear: x width {inDim} does not match weight {weight}.");
        }

        var xs = D(x);
        var ws = D(weight);
        var bs = bias is null ? null : D(bias);
        var y = new float[(long)rows * outDim];
        // Register tiling: 4 rows of x against one weight row per inner loop, so each weight vector
        // loaded from memory feeds 4 multiply-adds. Jobs = (row tile, block of 64 outputs).
        const int rowTile = 4, block = 64;
        var rowTiles = (rows + rowTile - 1) / rowTile;
        var outBlocks = (outDim + block - 1) / block;
        Parallel.For(0, (long)rowTiles * outBlocks, job =>
        {
            var t0 = (int)(job / outBlocks) * rowTile;
            var tn = Math.Min(rowTile, rows - t0);
            var o0 = (int)(job % outBlocks) * block;
            var o1 = Math.Min(outDim, o0 + block);
            Span<float> acc = stackalloc float[rowTile];
            for (var o = o0; o < o1; o++)
            {
                DotRows(xs, t0, tn, inDim, new ReadOnlySpan<float>(ws, o * inDim, inDim), acc);
                for (var r = 0; r < tn; r++)
                {
                    y[(long)(t0 + r) * outDim + o] = acc[r] + (bs?[o] ?? 0f);
                }
            }
        });
        return New(y, rows, outDim);
    }

    /// <summary>acc[r] = x[t0 + r] · w for r &lt; n (n ≤ 4), SIMD over the inner dimension.</summary>
    private static void DotRows(float[] xs, int t0, int n, int inDim, ReadOnlySpan<float> w, Span<float> acc)
    {
        var width = System.Numerics.Vector<float>.Count;
        System.Numerics.Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = 0;
        var x0 = new ReadOnlySpan<float>(xs, t0 * inDim, inDim);
        var x1 = n > 1 ? new ReadOnlySpan<float>(xs, (t0 + 1) * inDim, inDim) : x0;
        var x2 = n > 2 ? new ReadOnlySpan<float>(xs, (t0 + 2) * inDim, inDim) : x0;
        var x3 = n > 3 ? new ReadOnlySpan<float>(xs, (t0 + 3) * inDim, inDim) : x0;
        for (; k <= inDim - width; k += width)
        {
            var wv = new System.Numerics.Vector<float>(w[k..]);
            a0 += new System.Numerics.Vector<float>(x0[k..]) * wv;
            a1 += new System.Numerics.Vector<float>(x1[k..]) * wv;
            a2 += new System.Numerics.Vector<float>(x2[k..]) * wv;
            a3 += new System.Numerics.Vector<float>(x3[k..]) * wv;
        }

        float s0 = System.Numerics.Vector.Sum(a0), s1 = System.Numerics.Vector.Sum(a1), s2 = System.Numerics.Vector.Sum(a2), s3 = System.Numerics.Vector.Sum(a3);
        for (; k < inDim; k++)
        {
            s0 += x0[k] * w[k];
            s1 += x1[k] * w[k];
            s2 += x2[k] * w[k];
            s3 += x3[k] * w[k];
        }

        acc[0] = s0;
        acc[1] = s1;
        acc[2] = s2;
        acc[3] = s3;
    }

    /// <inheritdoc />
    public Tensor RmsNorm(Tensor x, Tensor weight, float eps)
    {
        var w = (int)weight.Length;
        if (x.Length % w != 0)
        {
            throw new ArgumentException($"RmsNorm: {x} is not rows of width {w}.");
        }

        var xs = D(x);
        var ws = D(weight);
        var y = new float[x.Length];
        var rows = (int)(x.Length / w);
        Parallel.For(0, rows, r =>
        {
            var src = new ReadOnlySpan<float>(xs, r * w, w);
            var dst = new Span<float>(y, r * w, w);
            var inv = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(src) / w + eps);
            TensorPrimitives.Multiply(src, inv, dst);
            TensorPrimitives.Multiply(dst, ws, dst);
        });
        return New(y, x.Shape.ToArray());
    }

    /// <inheritdoc />
    public Tensor GatedRmsNorm(Tensor x, Tensor gate, Tensor weight, int groupSize, float eps)
    {
        var (rows, width) = (x.Rows, x.Width);
        if (gate.Length != x.Length || weight.Length != width || width % groupSize != 0)
        {
            throw new ArgumentException($"GatedRmsNorm: x {x}, gate {gate}, weight {weight}, group {groupSize} mismatch.");
        }

        var xs = D(x);
        var gs = D(gate);
        var ws = D(weight);
        var y = new float[x.Length];
        Parallel.For(0, rows, r =>
        {
            var h = new Span<float>(y, r * width, width);
            for (var i = 0; i < width; i++)
            {
                var g = gs[r * width + i];
                h[i] = xs[r * width + i] * g / (1f + MathF.Exp(-g));
            }

            for (var g0 = 0; g0 < width; g0 += groupSize)
            {
                var grp = h.Slice(g0, groupSize);
                var inv = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(grp) / groupSize + eps);
                TensorPrimitives.Multiply(grp, inv, grp);
            }

            TensorPrimitives.Multiply(h, ws, h);
        });
        return New(y, x.Shape.ToArray());
    }

    /// <inheritdoc />
    public void Add(Tensor x, Tensor y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Add: {x} and {y} differ in size.");
        }

        TensorPrimitives.Add(D(x), D(y), D(x));
    }

    /// <inheritdoc />
    /// <remarks>The add in place on x, then the compaction (the CPU gains nothing from fusing them).</remarks>
    public Tensor AddCompactRows(Tensor x, Tensor y, Tensor kept, int start, int count)
    {
        Add(x, y);
        return CompactRows(x, kept, start, count);
    }

    /// <inheritdoc />
    public Tensor SwiGlu(Tensor gate, Tensor up)
    {
        var g = D(gate);
        var u = D(up);
        var y = new float[g.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = g[i] / (1f + MathF.Exp(-g[i])) * u[i];
        }

        return New(y, gate.Shape.ToArray());
    }

    /// <inheritdoc />
    public Tensor Relu2(Tensor x)
    {
        var s = D(x);
        var y = new float[s.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var r = Math.Max(s[i], 0f);
            y[i] = r * r;
        }

        return New(y, x.Shape.ToArray());
    }

    /// <inheritdoc />
    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, Tensor positions)
    {
        var (tokens, heads, d) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var half = d / 2;
        if (invFreq.Length != half || positions.Length != tokens)
        {
            throw new ArgumentException($"Rope: {x} with {invFreq.Length} frequencies and {positions.Length} positions.");
        }

        var xs = D(x);
        var inv = invFreq.ToArray();
        var pos = D(positions);
        Parallel.For(0, tokens, t =>
        {
            Span<float> cos = stackalloc float[half];
            Span<float> sin = stackalloc float[half];
            for (var i = 0; i < half; i++)
            {
                // Angle in fp32 as transformers computes it (position · inv_freq, then cos/sin).
                var angle = pos[t] * inv[i];
                cos[i] = MathF.Cos(angle);
                sin[i] = MathF.Sin(angle);
            }

            for (var h = 0; h < heads; h++)
            {
                var row = xs.AsSpan((t * heads + h) * d, d);
                for (var i = 0; i < half; i++)
                {
                    var (a, b) = (row[i], row[i + half]);
                    row[i] = a * cos[i] - b * sin[i];
                    row[i + half] = b * cos[i] + a * sin[i];
                }
            }
        });
    }
}
