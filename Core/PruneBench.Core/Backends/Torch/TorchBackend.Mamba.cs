using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cuda.Compilation;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = PruneBench.Core.Tensors.Tensor;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>Mamba2: causal conv1d (cuDNN), dt, the chunked SSD scan on batched matmuls, the implicit-attention signal.</summary>
public sealed partial class TorchBackend
{
    /// <summary>Chunks per slice of the SSD scan: memory is O(slice · chunk · heads), whatever T is.</summary>
    private const int ChunksPerSlice = 64;

    /// <inheritdoc />
    public Tensor CausalConv1dSilu(Tensor x, Tensor weight, Tensor? bias, Tensor convState)
    {
        using var op = Op(nameof(CausalConv1dSilu));
        var (t, c) = (x.Rows, x.Width);
        var k = weight.Width;
        if (weight.Rows != c || convState.Length != (long)c * (k - 1))
        {
            throw new ArgumentException($"CausalConv1dSilu: x {x}, weight {weight}, state {convState} mismatch.");
        }

        using var scope = torch.NewDisposeScope();
        if (t == 0)
        {
            return Wrap(torch.empty([0, c], ComputeType, _device)); // nothing seen: the state stays
        }

        var state = InPlace(convState).view(c, k - 1);                                        // [C, K−1], oldest first
        var xv = In(x).reshape(t, c);
        if (_fused && k <= 9 && xv.stride(1) == 1 && state.dtype == ComputeType)
        {
            // x is a column slice of the in-projection: read in place with its row stride.
            var xs = xv.to_type(ComputeType);
            var w = In(weight).to_type(ComputeType).contiguous();
            var bc = bias is null ? null : In(bias).to_type(ComputeType).contiguous();
            var convolved = torch.empty([t, c], ComputeType, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(convolved));
            args.Add(TorchKernels.Ptr(xs));
            args.Add(xs.stride(0));
            args.Add(TorchKernels.Ptr(state));
            args.Add(TorchKernels.Ptr(w));
            args.Add(bc is null ? 0 : TorchKernels.Ptr(bc));
            args.Add(t);
            args.Add(c);
            args.Add(k);
            var rowBlocks = (uint)((t + TorchKernels.ConvRows - 1) / TorchKernels.ConvRows);
            // bf16 production shapes: eight channels per thread, 16-byte rows in and out (t_conv_silu8_bf16's conditions).
            if (ComputeType == ScalarType.BFloat16 && k <= 4 && c % 8 == 0 && xs.stride(0) % 8 == 0
                && TorchKernels.Aligned16(xs, convolved))
            {
                _kernels!.LaunchFromFile(TorchKernels.File, "t_conv_silu8_bf16", (uint)((c / 8 + TorchKernels.Block - 1) / TorchKernels.Block), rowBlocks, TorchKernels.Block, 0, ref args);
            }
            else
            {
                _kernels!.Launch("t_conv_silu", ComputeType, (uint)((c + TorchKernels.Block - 1) / TorchKernels.Block), rowBlocks, TorchKernels.Block, 0, ref args);
            }

            var roll = default(KernelArguments);
            roll.Add(TorchKernels.Ptr(state));
            roll.Add(TorchKernels.Ptr(xs));
            roll.Add(xs.stride(0));
            roll.Add(t);
            roll.Add(c);
            roll.Add(k);
            _kernels.Launch("t_conv_state", ComputeType, (uint)((c + TorchKernels.Block - 1) / TorchKernels.Block), 1, TorchKernels.Block, 0, ref roll);
            return Wrap(convolved);
        }

        var input = torch.cat([state.to_type(ComputeType), In(x).to_type(ComputeType).t()], 1); // [C, K−1+T]
        var y = nn.functional.conv1d(input.unsqueeze(0), In(weight).view(c, 1, k), bias is null ? null : In(bias), groups: c); // [1, C, T]
        state.copy_(input.narrow(1, t, k - 1));
        return Wrap(nn.functional.silu(y.squeeze(0).t()).contiguous());                       // [T, C]
    }

    /// <inheritdoc />
    public Tensor DtSoftplus(Tensor dtRaw, Tensor dtBias, float min, float max)
    {
        using var op = Op(nameof(DtSoftplus));
        using var scope = torch.NewDisposeScope();
        var (t, h) = (dtRaw.Rows, dtRaw.Width);
        var raw = In(dtRaw).reshape(t, h);
        var bias = In(dtBias).reshape(h);
        if (_fused && t > 0 && raw.stride(1) == 1 && raw.dtype == bias.dtype && raw.dtype is ScalarType.Float32 or ScalarType.BFloat16)
        {
            var dt = torch.empty([t, h], ScalarType.Float32, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(dt));
            args.Add(TorchKernels.Ptr(raw));
            args.Add(raw.stride(0));
            args.Add(TorchKernels.Ptr(bias.contiguous()));
            args.Add((long)t);
            args.Add(h);
            args.Add(min);
            args.Add(max);
            _kernels!.Launch("t_dt_softplus", raw.dtype, _kernels.StrideBlocks((long)t * h), 1, TorchKernels.Block, 0, ref args);
            return Wrap(dt);
        }

        // fp32, as mamba_ssm's kernels: softplus with PyTorch's threshold 20, then the clamp.
        var v = raw.to_type(ScalarType.Float32) + bias.to_type(ScalarType.Float32);
        return Wrap(nn.functional.softplus(v).clamp_(min, max));
    }

    /// <inheritdoc />
    public Tensor SsdScan(Tensor x, Tensor dt, Tensor a, Tensor b, Tensor c, Tensor d, Tensor state, int chunkSize)
    {
        using var op = Op(nameof(SsdScan));
        var (t, h, p) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var (g, n) = (b.Shape[1], b.Shape[2]);
        if (dt.Rows != t || dt.Width != h || state.Length != (long)h * p * n || h % g != 0 || chunkSize <= 0)
        {
            throw new ArgumentException($"SsdScan: x {x}, dt {dt}, B {b}, state {state}, chunk {chunkSize} mismatch.");
        }

        using var scope = torch.NewDisposeScope();
        var stateView = InPlace(state).view(h, p, n);
        var s = stateView.to_type(ScalarType.Float32);                  // [H, P, N] running state
        var af = In(a).to_type(ScalarType.Float32);                    // [H]
        var df = In(d).to_type(ScalarType.Float32).contiguous();       // [H]
        var xs = In(x).reshape(t, h, p);
        var dts = In(dt).reshape(t, h).to_type(ScalarType.Float32).contiguous();
        var bs = In(b).reshape(t, g, n);
        var cs = In(c).reshape(t, g, n);
        var fused = FusedSsdFits(xs, bs, cs, chunkSize);
        var y = torch.empty([t, h, p], ComputeType, _device);
        var slice = chunkSize * (fused ? FusedChunksPerSlice : ChunksPerSlice);
        var cum = fused ? ChunkDecays(dts, af, chunkSize) : null;
        for (var t0 = 0; t0 < t; t0 += slice)
        {
            var len = Math.Min(slice, t - t0);
            using var inner = torch.NewDisposeScope();
            var (xSlice, dtSlice, bSlice, cSlice) = (xs.narrow(0, t0, len), dts.narrow(0, t0, len), bs.narrow(0, t0, len), cs.narrow(0, t0, len));
            TT next;
            if (fused)
            {
                var (c0, nc) = (t0 / chunkSize, (len + chunkSize - 1) / chunkSize);
                next = FusedSsdSlice(xSlice, dtSlice, bSlice, cSlice, df, cum!.narrow(0, c0, nc), s, chunkSize, y.narrow(0, t0, len));
            }
            else
            {
                (var ySlice, next) = SsdSlice(xSlice, dtSlice, af, bSlice, cSlice, s, chunkSize);
                y.narrow(0, t0, len).copy_(ySlice.add_(df.view(1, h, 1) * xSlice.to_type(ScalarType.Float32))); // + D·x, one rounding
            }

            s = inner.MoveToOuter(next);
        }

        stateView.copy_(s);
        return Wrap(y);
    }

    /// <summary>Chunks per slice of the fused SSD: about 0.25 GB of work tensors (chunk states fp32, entering states bf16) at 128 heads, 80 × 128, chunk 128.</summary>
    private const int FusedChunksPerSlice = 32;

    /// <summary>
    /// The fused SSD's in-chunk cumulative A·dt over the whole sequence, once per scan: fp32 [chunks, H, Q] (padded rows
    /// have dt = 0: no decay, no input).
    /// </summary>
    private TT ChunkDecays(TT dt, TT a, int q)
    {
        var (t, h) = (dt.shape[0], dt.shape[1]);
        var nc = (t + q - 1) / q;
        var pad = nc * q - t;
        using (Op("SsdScan/chunk-inputs"))
        {
            var scaled = (dt * a.view(1, h)).unsqueeze(2);                                       // [T, H, 1]
            var padded = pad == 0 ? scaled : nn.functional.pad(scaled, [0L, 0, 0, 0, 0, pad]);
            return padded.view(nc, q, h).cumsum(1).permute(0, 2, 1).contiguous();
        }
    }

    /// <summary>
    /// One slice of the chunked SSD with the fused bf16 kernels (Kernels/fused.cu explains the algebra): x [T, H, P],
    /// B, C [T, G, N] (strided slices of the conv output, read in place), dt [T, H] fp32, D [H] fp32, the slice's chunks
    /// of <see cref="ChunkDecays"/>, s0 [H, P, N] fp32. Writes y (with the D skip) into <paramref name="yOut"/> [T, H, P]
    /// and returns the fp32 end state. Work tensors: the chunk states (fp32) and the entering states (bf16),
    /// [chunks, H, N, P] each; C·Bᵀ and its decayed mask live only in registers of t_ssd_out.
    /// </summary>
    private TT FusedSsdSlice(TT x, TT dt, TT b, TT c, TT d, TT cum, TT s0, int q, TT yOut)
    {
        var (t, h, p) = ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2]);
        var (g, n) = ((int)b.shape[1], (int)b.shape[2]);
        var nc = (t + q - 1) / q;
        var mm = ComputeType;
        var threads = (uint)(2 * q);                                                               // a warp per 16 rows
        // x and B rows go into shared memory 16 bytes per copy where every row start is 16-byte aligned (the real models'
        // conv widths and column offsets are multiples of 8), else 4.
        var wide = new[] { x, b }.All(v => v.stride(0) % 8 == 0 && TorchKernels.Ptr(v) % 16 == 0) ? 1 : 0;

        var states = torch.empty([nc, h, n, p], ScalarType.Float32, _device);
        using (Op("SsdScan/states"))
        {
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(states));
            args.Add(TorchKernels.Ptr(x));
            args.Add(x.stride(0));
            args.Add(TorchKernels.Ptr(b));
            args.Add(b.stride(0));
            args.Add(TorchKernels.Ptr(dt));
            args.Add(TorchKernels.Ptr(cum));
            args.Add(t);
            args.Add(h);
            args.Add(g);
            args.Add(n);
            args.Add(q);
            args.Add(wide);
            var shared = q * sizeof(float) + (q * (n + 8) + q * (p + 8)) * 2;                      // decays; B; X (rows padded)
            _kernels!.Launch($"t_ssd_states_p{p}", mm, (uint)nc, (uint)h, threads, (uint)shared, ref args);
        }

        var entering = torch.empty([nc, h, n, p], mm, _device);
        var s1 = torch.empty([h, p, n], ScalarType.Float32, _device);
        using (Op("SsdScan/pass"))
        {
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(entering));
            args.Add(TorchKernels.Ptr(states));
            args.Add(TorchKernels.Ptr(cum));
            args.Add(TorchKernels.Ptr(s0.contiguous()));
            args.Add(TorchKernels.Ptr(s1));
            args.Add(nc);
            args.Add(h);
            args.Add(p);
            args.Add(n);
            args.Add(q);
            _kernels!.Launch("t_ssd_pass", mm, _kernels.StrideBlocks((long)h * n * p), 1, TorchKernels.Block, 0, ref args);
        }

        using (Op("SsdScan/output"))
        {
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(yOut));
            args.Add(TorchKernels.Ptr(x));
            args.Add(x.stride(0));
            args.Add(TorchKernels.Ptr(b));
            args.Add(b.stride(0));
            args.Add(TorchKernels.Ptr(c));
            args.Add(c.stride(0));
            args.Add(TorchKernels.Ptr(entering));
            args.Add(TorchKernels.Ptr(dt));
            args.Add(TorchKernels.Ptr(cum));
            args.Add(TorchKernels.Ptr(d));
            args.Add(t);
            args.Add(h);
            args.Add(g);
            args.Add(n);
            args.Add(q);
            args.Add(wide);
            var shared = 2 * q * sizeof(float) + (q * (n + 8) + (q + n) * (p + 8)) * 2;          // cum, dt; B; [X ; entering state]
            _kernels!.Launch($"t_ssd_out_p{p}", mm, (uint)nc, (uint)h, threads, (uint)shared, ref args);
        }

        return s1;
    }

    /// <summary>Head dims with a t_ssd_states / t_ssd_out entry point (Kernels/fused.cu, SSD_ENTRIES).</summary>
    private static readonly int[] FusedSsdHeadDims = [16, 32, 64, 80, 128];

    /// <summary>
    /// Shapes and layouts the fused SSD kernels take: bf16 (tensor cores), chunk a multiple of 16 up to 128 (one warp per
    /// 16 rows), state size a multiple of 16 up to the chunk, a head dim with an entry point, unit column strides, and
    /// x, B, C 4-byte aligned with even row strides (copied in pairs). Everything else (Mamba2's default chunk of 256
    /// among it) runs the composite.
    /// </summary>
    private bool FusedSsdFits(TT x, TT b, TT c, int q)
    {
        var (p, n) = (x.shape[2], b.shape[2]);
        return _fused && ComputeType == ScalarType.BFloat16
            && q % 16 == 0 && q <= 128 && n % 16 == 0 && n <= q && FusedSsdHeadDims.Contains((int)p)
            && x.stride(2) == 1 && b.stride(2) == 1 && c.stride(2) == 1 && x.stride(1) == p && b.stride(1) == n && c.stride(1) == n
            && new[] { x, b, c }.All(v => v.stride(0) % 2 == 0 && TorchKernels.Ptr(v) % 4 == 0);
    }

    /// <summary>
    /// One slice of the chunked SSD (Mamba2's state-space duality) as libtorch composites, in fp32 on batched matmuls
    /// (the reference for the fused path, and the path when NVRTC is missing). x [T, H, P],
    /// dt [T, H], B, C [T, G, N], s0 [H, P, N]; returns y [T, H, P] (fp32, without the D skip) and the final state.
    /// T is padded to whole chunks with dt = 0 (no decay, no input), which leaves the final state exact.
    /// Never forms [chunk, l, l, heads, state]: the largest tensor is the decay-masked C·Bᵀ, [chunks, H, Q, Q].
    /// Decays and the state recurrence are fp32; the three large matmuls take their operands in the compute type
    /// with fp32 accumulation.
    /// </summary>
    private (TT Y, TT State) SsdSlice(TT x, TT dt, TT a, TT b, TT c, TT s0, int q)
    {
        var (t, h, p) = (x.shape[0], x.shape[1], x.shape[2]);
        var (g, n) = (b.shape[1], b.shape[2]);
        var hg = h / g;
        var nc = (t + q - 1) / q;
        var pad = nc * q - t;
        TT Pad(TT v) => pad == 0 ? v : nn.functional.pad(v, [0L, 0, 0, 0, 0, pad]);
        var xw = Pad((x.to_type(ScalarType.Float32) * dt.unsqueeze(2)).view(t, h, p)).view(nc, q, h, p); // x·dt
        var dtc = Pad(dt.unsqueeze(2)).view(nc, q, h);
        var bc = Pad(b.to_type(ScalarType.Float32)).view(nc, q, g, n);
        var cc = Pad(c.to_type(ScalarType.Float32)).view(nc, q, g, n);

        var cum = (dtc * a.view(1, 1, h)).cumsum(1).permute(0, 2, 1).contiguous();  // [nc, H, Q]: Σ_{u≤l} A·dt_u inside the chunk
        var last = cum.narrow(2, q - 1, 1);                                         // [nc, H, 1]: chunk total

        // 1. Inside each chunk: y[l] = Σ_{s≤l} (C_l·B_s)·exp(cum_l − cum_s)·(x·dt)_s.
        var mm = ComputeType;
        var cg = cc.permute(0, 2, 1, 3);                                            // [nc, G, Q, N]
        var cb = torch.matmul(cg.to_type(mm), bc.permute(0, 2, 3, 1).to_type(mm)).to_type(ScalarType.Float32); // [nc, G, Q, Q]
        var xh = xw.permute(0, 2, 1, 3).reshape(nc * h, q, p);                      // [nc·H, Q, P]
        var decay = (cum.unsqueeze(3) - cum.unsqueeze(2)).view(nc, g, hg, q, q);   // [nc, G, Hg, Q, Q]
        decay = decay.exp_().mul_(cb.unsqueeze(2)).tril_();                          // s > l: exp ≥ 1 there, zeroed by tril
        var yDiag = torch.bmm(decay.view(nc * h, q, q).to_type(mm), xh.to_type(mm)).view(nc, h, q, p).permute(0, 2, 1, 3).to_type(ScalarType.Float32);

        // 2. Each chunk's own end state: S_c = Σ_s exp(cum_last − cum_s)·(x·dt)_s ⊗ B_s, per group by matmul.
        var toEnd = (last - cum).exp_();                                             // [nc, H, Q]
        var xEnd = (xh.view(nc, h, q, p) * toEnd.unsqueeze(3)).view(nc, g, hg, q, p).permute(0, 1, 2, 4, 3).reshape(nc, g, hg * p, q);
        var states = torch.matmul(xEnd.to_type(mm), bc.permute(0, 2, 1, 3).to_type(mm)).to_type(ScalarType.Float32); // [nc, G, Hg·P, N] = [nc, H, P, N]

        // 3. State entering chunk c: exp(A_<c)·s0 + Σ_{c'<c} exp(A_<c − A_≤c')·S_c', and one more row for the end state.
        var total = last.squeeze(2).t();                                             // [H, nc]
        var incl = total.cumsum(1);                                                  // A_≤c
        var excl = torch.cat([incl - total, incl.narrow(1, nc - 1, 1)], 1);         // [H, nc+1]: A_<c, then the slice total
        var w = (excl.unsqueeze(2) - incl.unsqueeze(1));                             // [H, nc+1, nc]
        var causal = torch.ones([nc + 1, nc], ScalarType.Bool, _device).tril_(-1); // c' < c
        w = w.masked_fill_(causal.logical_not(), double.NegativeInfinity).exp_();
        var flat = states.view(nc, h, p * n).permute(1, 0, 2);                      // [H, nc, P·N]
        var entering = torch.bmm(w, flat) + excl.exp().unsqueeze(2) * s0.view(h, 1, p * n); // [H, nc+1, P·N]
        var final = entering.narrow(1, nc, 1).reshape(h, p, n);

        // 4. Contribution of the entering state: y[l] += exp(cum_l)·C_l·S_in.
        var sIn = entering.narrow(1, 0, nc).view(g, hg, nc, p, n).permute(2, 0, 4, 1, 3).reshape(nc, g, n, hg * p); // [nc, G, N, Hg·P]
        var yOff = torch.matmul(cg.to_type(mm), sIn.to_type(mm)).to_type(ScalarType.Float32).view(nc, g, q, hg, p).permute(0, 2, 1, 3, 4).reshape(nc, q, h, p) // [nc, G, Q, Hg, P] → [nc, Q, H, P]
            .mul_(cum.exp().permute(0, 2, 1).unsqueeze(3));
        var yAll = yDiag.add(yOff).reshape(nc * q, h, p).narrow(0, 0, t);
        return (yAll, final);
    }

    /// <summary>Visual columns per block of t_implicit_nodecay_abs (its IA_COLS: one per lane of a warp).</summary>
    private const int ImplicitColumnsPerBlock = 32;

    /// <summary>Groups per round of t_implicit_nodecay_abs (IA_WARPS: a warp each) and its largest query batch (IA_QB).</summary>
    private const int ImplicitWarps = 8, ImplicitQueryBatch = 8;

    /// <inheritdoc />
    public Tensor ImplicitAttention(Tensor b, Tensor c, Tensor dt, Tensor a, ReadOnlySpan<int> queryRows, int colStart, int colCount, ImplicitVariant variant, ScoreTransform transform)
    {
        using var op = Op(nameof(ImplicitAttention));
        var (t, g, n) = (b.Shape[0], b.Shape[1], b.Shape[2]);
        var h = dt.Width;
        if (colStart < 0 || colStart + colCount > t || h % g != 0)
        {
            throw new ArgumentException($"ImplicitAttention: columns [{colStart}, {colStart + colCount}) of {t} rows, {h} heads, {g} groups.");
        }

        using var scope = torch.NewDisposeScope();
        var nq = queryRows.Length;
        var hg = h / g;
        var rows = Index(queryRows);
        var bRows = In(b).reshape(t, g * n);
        var cRows = In(c).reshape(t, g * n);
        if (_fused && variant == ImplicitVariant.NoDecay && transform == ScoreTransform.Abs && colCount > 0
            && bRows.dtype == ComputeType && cRows.dtype == ComputeType && bRows.stride(1) == 1 && cRows.stride(1) == 1)
        {
            // The default score in one kernel (t_implicit_nodecay_abs): B and C read in place as column slices of the
            // convolved xBC, no fp32 copies; one launch instead of ~15 host-issued ops per Mamba layer.
            var dtRows = In(dt).reshape(t, h).to_type(ScalarType.Float32).contiguous();
            var score = torch.empty([colCount], ScalarType.Float32, _device);
            var args = default(KernelArguments);
            args.Add(TorchKernels.Ptr(score));
            args.Add(TorchKernels.Ptr(bRows));
            args.Add(bRows.stride(0));
            args.Add(TorchKernels.Ptr(cRows));
            args.Add(cRows.stride(0));
            args.Add(TorchKernels.Ptr(dtRows));
            args.Add(dtRows.stride(0));
            args.Add(TorchKernels.Ptr(rows));
            args.Add(nq);
            args.Add(colStart);
            args.Add(colCount);
            args.Add((int)g);
            args.Add((int)n);
            args.Add((int)hg);
            // Query batch: as many C rows (fp32, a round's groups) as fit in 40 KB of shared memory, at most IA_QB.
            var batch = (int)Math.Clamp(40 * 1024 / (ImplicitWarps * n * sizeof(float)), 1, ImplicitQueryBatch);
            args.Add(batch);
            // B's and C's rows in 16-byte loads: N a multiple of 8 and every row start 16-byte aligned (the real models' xBC).
            var rowsAligned = new[] { bRows, cRows }.All(v => v.stride(0) * v.element_size() % 16 == 0) && TorchKernels.Aligned16(bRows, cRows);
            args.Add(n % 8 == 0 && rowsAligned ? 1 : 0);
            _kernels!.Launch("t_implicit_nodecay_abs", ComputeType, (uint)((colCount + ImplicitColumnsPerBlock - 1) / ImplicitColumnsPerBlock), 1,
                TorchKernels.Block, (uint)(batch * ImplicitWarps * n * sizeof(float)), ref args);
            return Wrap(score);
        }

        var bj = bRows.view(t, g, n).narrow(0, colStart, colCount).to_type(ScalarType.Float32);  // [V, G, N]
        var ci = cRows.view(t, g, n).index_select(0, rows).to_type(ScalarType.Float32);          // [Q, G, N]
        var dts = In(dt).reshape(t, h).to_type(ScalarType.Float32);
        var cb = torch.bmm(ci.permute(1, 0, 2), bj.permute(1, 2, 0));                            // [G, Q, V]
        var cols = torch.arange(colStart, colStart + colCount, ScalarType.Int64, _device).unsqueeze(0); // [1, V]
        var future = cols.gt(rows.unsqueeze(1));                                                 // [Q, V]: j > i contributes nothing
        if (variant == ImplicitVariant.NoDecay && transform == ScoreTransform.Abs)
        {
            // |C_i·B_j·dt_jh| = |C_i·B_j|·|dt_jh|: the sum over a group's heads factors out, so the work is
            // [G, Q, V] instead of [H, Q, V] (16× less for 128 heads in 8 groups); only the summation order changes.
            var perGroup = cb.abs_().masked_fill_(future.unsqueeze(0), 0.0).sum([1L]);        // [G, V]
            var dtGroup = dts.narrow(0, colStart, colCount).abs().view(colCount, g, hg).sum([2L]).t(); // [G, V]
            return Wrap(perGroup.mul_(dtGroup).sum([0L]));
        }

        var dtj = dts.narrow(0, colStart, colCount).t().view(g, hg, 1, colCount);               // [G, Hg, 1, V]
        var alpha = cb.unsqueeze(1) * dtj;                                                       // [G, Hg, Q, V]
        if (variant == ImplicitVariant.Decay)
        {
            // exp(A_h·(cs_i − cs_j)) with cs the fp32 running sum of dt over the whole sequence; j ≤ i keeps the exponent ≤ 0.
            var cum = dts.cumsum(0);                                                             // [T, H]
            var seg = cum.index_select(0, rows).t().unsqueeze(2) - cum.narrow(0, colStart, colCount).t().unsqueeze(1); // [H, Q, V]
            var logDecay = (seg * In(a).to_type(ScalarType.Float32).view(h, 1, 1)).masked_fill_(future.unsqueeze(0), double.NegativeInfinity);
            alpha = alpha.mul_(logDecay.exp_().view(g, hg, nq, colCount));
        }

        alpha = alpha.masked_fill_(future.view(1, 1, nq, colCount), 0.0);
        var f = transform == ScoreTransform.Abs ? alpha.abs_() : alpha.relu_();
        return Wrap(f.sum([0L, 1L, 2L]));
    }
}
