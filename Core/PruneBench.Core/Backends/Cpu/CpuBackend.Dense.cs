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
        // Parallel over blocks of output columns × rows so small T still uses every core.
        const int block = 64;
        var outBlocks = (outDim + block - 1) / block;
        Parallel.For(0, (long)rows * outBlocks, job =>
        {
            var t = (int)(job / outBlocks);
            var o0 = (int)(job % outBlocks) * block;
            var o1 = Math.Min(outDim, o0 + block);
            var xr = new ReadOnlySpan<float>(xs, t * inDim, inDim);
            for (var o = o0; o < o1; o++)
            {
                y[(long)t * outDim + o] = TensorPrimitives.Dot(xr, new ReadOnlySpan<float>(ws, o * inDim, inDim)) + (bs?[o] ?? 0f);
            }
        });
        return New(y, rows, outDim);
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
    public void Rope(Tensor x, ReadOnlySpan<float> invFreq, ReadOnlySpan<int> positions)
    {
        var (tokens, heads, d) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var half = d / 2;
        if (invFreq.Length != half || positions.Length != tokens)
        {
            throw new ArgumentException($"Rope: {x} with {invFreq.Length} frequencies and {positions.Length} positions.");
        }

        var xs = D(x);
        var inv = invFreq.ToArray();
        var pos = positions.ToArray();
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
