using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cpu;

/// <summary>Mamba2: causal conv1d, dt, the chunked SSD scan, and the implicit-attention signal.</summary>
public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public Tensor CausalConv1dSilu(Tensor x, Tensor weight, Tensor? bias, Tensor convState)
    {
        var (t, c) = (x.Rows, x.Width);
        var k = weight.Width;
        if (weight.Rows != c || convState.Length != (long)c * (k - 1))
        {
            throw new ArgumentException($"CausalConv1dSilu: x {x}, weight {weight}, state {convState} mismatch.");
        }

        var xs = D(x);
        var ws = D(weight);
        var bs = bias is null ? null : D(bias);
        var state = D(convState);
        var y = new float[xs.Length];
        Parallel.For(0, c, ch =>
        {
            // Input at time s (s < 0 reads the state: state[ch, K−1+s]).
            float At(int s) => s >= 0 ? xs[s * c + ch] : state[ch * (k - 1) + (k - 1) + s];
            for (var s = 0; s < t; s++)
            {
                var acc = bs?[ch] ?? 0f;
                for (var j = 0; j < k; j++)
                {
                    acc += ws[ch * k + j] * At(s - (k - 1) + j);
                }

                y[s * c + ch] = acc / (1f + MathF.Exp(-acc));
            }

            Span<float> last = stackalloc float[k - 1];
            for (var j = 0; j < k - 1; j++)
            {
                last[j] = At(t - (k - 1) + j);
            }

            last.CopyTo(state.AsSpan(ch * (k - 1), k - 1));
        });
        return New(y, t, c);
    }

    /// <inheritdoc />
    public Tensor DtSoftplus(Tensor dtRaw, Tensor dtBias, float min, float max)
    {
        var (t, h) = (dtRaw.Rows, dtRaw.Width);
        var raw = D(dtRaw);
        var b = D(dtBias);
        var y = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var v = raw[i] + b[i % h];
            // torch.nn.functional.softplus: linear above threshold 20.
            var sp = v > 20f ? v : MathF.Log(1f + MathF.Exp(v));
            y[i] = Math.Clamp(sp, min, max);
        }

        return New(y, t, h);
    }

    /// <inheritdoc />
    public Tensor SsdScan(Tensor x, Tensor dt, Tensor a, Tensor b, Tensor c, Tensor d, Tensor state, int chunkSize)
    {
        var (t, h, p) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var (g, n) = (b.Shape[1], b.Shape[2]);
        if (dt.Rows != t || dt.Width != h || state.Length != (long)h * p * n || h % g != 0 || chunkSize <= 0)
        {
            throw new ArgumentException($"SsdScan: x {x}, dt {dt}, B {b}, state {state}, chunk {chunkSize} mismatch.");
        }

        var xs = D(x);
        var dts = D(dt);
        var aa = D(a);
        var bs = D(b);
        var cs = D(c);
        var ds = D(d);
        var st = D(state);
        var y = new float[xs.Length];
        Parallel.For(0, h, head =>
        {
            var grp = head / (h / g);
            var s = st.AsSpan(head * p * n, p * n); // [P, N], state at the start of the chunk
            var cum = new float[chunkSize];
            var cb = new float[chunkSize];
            for (var c0 = 0; c0 < t; c0 += chunkSize)
            {
                var len = Math.Min(chunkSize, t - c0);
                // cum[u] = Σ_{v ≤ u} A·dt_v inside the chunk (segment sums are differences of it).
                var run = 0f;
                for (var u = 0; u < len; u++)
                {
                    run += aa[head] * dts[(c0 + u) * h + head];
                    cum[u] = run;
                }

                for (var i = 0; i < len; i++)
                {
                    var ti = c0 + i;
                    var ci = cs.AsSpan((ti * g + grp) * n, n);
                    for (var u = 0; u <= i; u++)
                    {
                        var bu = bs.AsSpan(((c0 + u) * g + grp) * n, n);
                        cb[u] = TensorPrimitives.Dot(ci, bu) * MathF.Exp(cum[i] - cum[u]) * dts[(c0 + u) * h + head];
                    }

                    var decay = MathF.Exp(cum[i]);
                    for (var pp = 0; pp < p; pp++)
                    {
                        var acc = 0f;
                        for (var u = 0; u <= i; u++)
                        {
                            acc += cb[u] * xs[((c0 + u) * h + head) * p + pp];
                        }

                        acc += decay * TensorPrimitives.Dot(ci, s.Slice(pp * n, n));
                        y[(ti * h + head) * p + pp] = acc + ds[head] * xs[(ti * h + head) * p + pp];
                    }
                }

                // State at the chunk end: exp(cum_last)·S + Σ_u exp(cum_last − cum_u)·dt_u·x_u ⊗ B_u.
                var total = cum[len - 1];
                var keep = MathF.Exp(total);
                for (var q = 0; q < s.Length; q++)
                {
                    s[q] *= keep;
                }

                for (var u = 0; u < len; u++)
                {
                    var w = MathF.Exp(total - cum[u]) * dts[(c0 + u) * h + head];
                    var bu = bs.AsSpan(((c0 + u) * g + grp) * n, n);
                    for (var pp = 0; pp < p; pp++)
                    {
                        TensorPrimitives.MultiplyAdd(bu, w * xs[((c0 + u) * h + head) * p + pp], s.Slice(pp * n, n), s.Slice(pp * n, n));
                    }
                }
            }
        });
        return New(y, t, h, p);
    }

    /// <inheritdoc />
    public Tensor ImplicitAttention(Tensor b, Tensor c, Tensor dt, Tensor a, ReadOnlySpan<int> queryRows, int colStart, int colCount, ImplicitVariant variant, ScoreTransform transform)
    {
        var (t, g, n) = (b.Shape[0], b.Shape[1], b.Shape[2]);
        var h = dt.Width;
        if (colStart < 0 || colStart + colCount > t || h % g != 0)
        {
            throw new ArgumentException($"ImplicitAttention: columns [{colStart}, {colStart + colCount}) of {t} rows, {h} heads, {g} groups.");
        }

        var bs = D(b);
        var cs = D(c);
        var dts = D(dt);
        var aa = D(a);
        var rows = queryRows.ToArray();
        // cs_t per head: cumulative dt in fp32 over the whole sequence.
        var cum = new float[(long)t * h];
        for (var head = 0; head < h; head++)
        {
            var run = 0f;
            for (var s = 0; s < t; s++)
            {
                run += dts[s * h + head];
                cum[s * h + head] = run;
            }
        }

        var partial = new float[rows.Length][];
        Parallel.For(0, rows.Length, qi =>
        {
            var i = rows[qi];
            var acc = new float[colCount];
            for (var grp = 0; grp < g; grp++)
            {
                var ci = cs.AsSpan((i * g + grp) * n, n);
                for (var j = 0; j < colCount; j++)
                {
                    var col = colStart + j;
                    if (col > i)
                    {
                        break;
                    }

                    var m = TensorPrimitives.Dot(ci, bs.AsSpan((col * g + grp) * n, n));
                    for (var head = grp * (h / g); head < (grp + 1) * (h / g); head++)
                    {
                        var alpha = m * dts[col * h + head];
                        if (variant == ImplicitVariant.Decay)
                        {
                            alpha *= MathF.Exp(aa[head] * (cum[i * h + head] - cum[col * h + head]));
                        }

                        acc[j] += transform == ScoreTransform.Abs ? MathF.Abs(alpha) : Math.Max(alpha, 0f);
                    }
                }
            }

            partial[qi] = acc;
        });
        var score = new float[colCount];
        foreach (var p in partial)
        {
            TensorPrimitives.Add(score, p, score);
        }

        return New(score, colCount);
    }
}
