// Fused kernels of the Torch backend, launched on libtorch's stream over libtorch memory (TorchKernels.cs).
// Each replaces a chain of libtorch ops that was measured to cost more (docs/gpu.md, "Torch backend"); each has
// an _f32 and a _bf16 entry point: the bf16 one rounds exactly where transformers' bf16 ops round, so that
// results stay comparable with transformers; the f32 one is what the fp32 parity tests check against the CPU.

struct F32 { typedef float T; __device__ static float ld(const float* p, long long i) { return p[i]; }
             __device__ static void st(float* p, long long i, float v) { p[i] = v; }
             __device__ static float round(float v) { return v; } };
struct BF16 { typedef bf16_t T; __device__ static float ld(const bf16_t* p, long long i) { return bf16_to_f32(p[i]); }
              __device__ static void st(bf16_t* p, long long i, float v) { p[i] = f32_to_bf16(v); }
              __device__ static float round(float v) { return bf16_to_f32(f32_to_bf16(v)); } };

// RMSNorm as transformers: y = weight · to_dtype(x · rsqrt(mean(x²) + eps)), statistics in fp32. One block per row.
template <typename D> __device__ void rms_norm(typename D::T* out, const typename D::T* x, const typename D::T* w, int W, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    float ss = 0.0f;
    for (int c = threadIdx.x; c < W; c += blockDim.x) { float v = D::ld(x, row * W + c); ss += v * v; }
    ss = block_sum(ss, scratch);
    float inv = rsqrtf(ss / W + eps);
    for (int c = threadIdx.x; c < W; c += blockDim.x)
        D::st(out, row * W + c, D::round(D::ld(x, row * W + c) * inv) * D::ld(w, c));
}
extern "C" __global__ void t_rms_norm_f32(float* out, const float* x, const float* w, int W, float eps) { rms_norm<F32>(out, x, w, W, eps); }
extern "C" __global__ void t_rms_norm_bf16(bf16_t* out, const bf16_t* x, const bf16_t* w, int W, float eps) { rms_norm<BF16>(out, x, w, W, eps); }

// Mamba2 gated RMSNorm (MambaRMSNormGated): h = x·silu(gate) in fp32, normalised per group of groupSize columns,
// rounded, times weight. x and gate may be column slices: their rows are xStride / gStride elements apart.
// grid (rows, groups).
template <typename D> __device__ void gated_rms_norm(typename D::T* __restrict__ out, const typename D::T* __restrict__ x, long long xStride,
                                                     const typename D::T* __restrict__ g, long long gStride, const typename D::T* __restrict__ w,
                                                     int I, int groupSize, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    int c0 = blockIdx.y * groupSize;
    // The first 8 values per thread stay in registers between the two passes (a group of 1 280 at 256 threads is 5).
    float kept[8];
    float ss = 0.0f;
#pragma unroll
    for (int k = 0; k < 8; k++)
    {
        int c = threadIdx.x + k * blockDim.x;
        kept[k] = c < groupSize ? D::ld(x, row * xStride + c0 + c) * silu(D::ld(g, row * gStride + c0 + c)) : 0.0f;
        ss += kept[k] * kept[k];
    }
    for (int c = threadIdx.x + 8 * blockDim.x; c < groupSize; c += blockDim.x)
    {
        float h = D::ld(x, row * xStride + c0 + c) * silu(D::ld(g, row * gStride + c0 + c));
        ss += h * h;
    }
    ss = block_sum(ss, scratch);
    float inv = rsqrtf(ss / groupSize + eps);
#pragma unroll
    for (int k = 0; k < 8; k++)
    {
        int c = threadIdx.x + k * blockDim.x;
        if (c < groupSize) D::st(out, row * I + c0 + c, D::round(kept[k] * inv) * D::ld(w, c0 + c));
    }
    for (int c = threadIdx.x + 8 * blockDim.x; c < groupSize; c += blockDim.x)
    {
        float h = D::ld(x, row * xStride + c0 + c) * silu(D::ld(g, row * gStride + c0 + c));
        D::st(out, row * I + c0 + c, D::round(h * inv) * D::ld(w, c0 + c));
    }
}
extern "C" __global__ void t_gated_rms_norm_f32(float* out, const float* x, long long xs, const float* g, long long gs, const float* w, int I, int gsz, float eps)
{ gated_rms_norm<F32>(out, x, xs, g, gs, w, I, gsz, eps); }
extern "C" __global__ void t_gated_rms_norm_bf16(bf16_t* out, const bf16_t* x, long long xs, const bf16_t* g, long long gs, const bf16_t* w, int I, int gsz, float eps)
{ gated_rms_norm<BF16>(out, x, xs, g, gs, w, I, gsz, eps); }

// Rotate-half RoPE in place on x [T, H, d]: angle = position · invFreq in fp32, cos/sin rounded to the dtype,
// x1' = x1·cos − x2·sin, x2' = x2·cos + x1·sin with each product rounded (as q·cos + rotate_half(q)·sin).
// One block per row t: the d/2 angles are computed once into shared memory and applied to every head.
template <typename D> __device__ void rope(typename D::T* x, const int* pos, const float* invFreq, int T, int H, int d)
{
    extern __shared__ float cs[]; // [d/2] cos, then [d/2] sin
    int half = d / 2;
    long long t = blockIdx.x;
    for (int k = threadIdx.x; k < half; k += blockDim.x)
    {
        float angle = (float)pos[t] * invFreq[k];
        cs[k] = D::round(cosf(angle));
        cs[half + k] = D::round(sinf(angle));
    }
    __syncthreads();
    for (int i = threadIdx.x; i < H * half; i += blockDim.x)
    {
        int h = i / half, k = i - h * half;
        long long base = (t * H + h) * d;
        float c = cs[k], s = cs[half + k];
        float x1 = D::ld(x, base + k), x2 = D::ld(x, base + k + half);
        D::st(x, base + k, D::round(x1 * c) + D::round(-x2 * s));
        D::st(x, base + k + half, D::round(x2 * c) + D::round(x1 * s));
    }
}
extern "C" __global__ void t_rope_f32(float* x, const int* pos, const float* f, int T, int H, int d) { rope<F32>(x, pos, f, T, H, d); }
extern "C" __global__ void t_rope_bf16(bf16_t* x, const int* pos, const float* f, int T, int H, int d) { rope<BF16>(x, pos, f, T, H, d); }

// Depthwise causal conv1d + SiLU over x [T, C] (rows xStride apart) with weight [C, K], optional bias [C]; the left
// context is state [C, K−1] (oldest first). fp32 accumulation, conv output rounded, then SiLU (as conv1d → silu).
// grid (⌈C/block⌉, ⌈T/CONV_ROWS⌉): a thread owns one channel over CONV_ROWS consecutive rows and slides its K−1
// previous inputs in registers, so each input is read once (coalesced across channels) and no index is divided.
#define CONV_ROWS 32
template <typename D> __device__ void conv_silu(typename D::T* __restrict__ out, const typename D::T* __restrict__ x, long long xStride,
                                                const typename D::T* __restrict__ state, const typename D::T* __restrict__ w,
                                                const typename D::T* __restrict__ bias, int T, int C, int K)
{
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= C) return;
    long long t0 = (long long)blockIdx.y * CONV_ROWS;
    float wk[9], win[8];
#pragma unroll
    for (int j = 0; j < 9; j++) wk[j] = j < K ? D::ld(w, (long long)c * K + j) : 0.0f;
#pragma unroll
    for (int j = 0; j < 8; j++)
    {
        long long s = t0 - (K - 1) + j;
        win[j] = j >= K - 1 ? 0.0f : s >= 0 ? D::ld(x, s * xStride + c) : D::ld(state, (long long)c * (K - 1) + (K - 1) + s);
    }
    float b = bias ? D::ld(bias, c) : 0.0f;
#pragma unroll 4
    for (int r = 0; r < CONV_ROWS && t0 + r < T; r++)
    {
        long long t = t0 + r;
        float v = D::ld(x, t * xStride + c);
        float acc = b;
#pragma unroll
        for (int j = 0; j < 8; j++) if (j < K - 1) acc += wk[j] * win[j];
        acc += wk[K - 1] * v;
        D::st(out, t * C + c, silu(D::round(acc)));
#pragma unroll
        for (int j = 0; j < 7; j++) if (j + 1 < K - 1) win[j] = win[j + 1];
#pragma unroll
        for (int j = 0; j < 8; j++) if (j == K - 2) win[j] = v;
    }
}
extern "C" __global__ void t_conv_silu_f32(float* o, const float* x, long long xs, const float* st, const float* w, const float* b, int T, int C, int K)
{ conv_silu<F32>(o, x, xs, st, w, b, T, C, K); }
extern "C" __global__ void t_conv_silu_bf16(bf16_t* o, const bf16_t* x, long long xs, const bf16_t* st, const bf16_t* w, const bf16_t* b, int T, int C, int K)
{ conv_silu<BF16>(o, x, xs, st, w, b, T, C, K); }

// The new conv state: the last K−1 inputs (reading the old state where T < K−1). One thread per channel, after
// t_conv_silu has read the old state.
template <typename D> __device__ void conv_state(typename D::T* state, const typename D::T* x, long long xStride, int T, int C, int K)
{
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= C || K < 2) return;
    float keep[8];
    for (int j = 0; j < K - 1 && j < 8; j++)
    {
        long long s = (long long)T - (K - 1) + j;
        keep[j] = s >= 0 ? D::ld(x, s * xStride + c) : D::ld(state, (long long)c * (K - 1) + (K - 1) + s);
    }
    for (int j = 0; j < K - 1 && j < 8; j++) D::st(state, (long long)c * (K - 1) + j, keep[j]);
}
extern "C" __global__ void t_conv_state_f32(float* st, const float* x, long long xs, int T, int C, int K) { conv_state<F32>(st, x, xs, T, C, K); }
extern "C" __global__ void t_conv_state_bf16(bf16_t* st, const bf16_t* x, long long xs, int T, int C, int K) { conv_state<BF16>(st, x, xs, T, C, K); }

// ---- Chunked SSD (Mamba2's state-space duality), bf16 ------------------------------------------------------------
// One slice of `len` tokens in nc chunks of Q (padded rows read as zeros; dt = 0 there: no decay, no input).
// cum [nc, H, Q] is the fp32 in-chunk cumulative sum of A·dt (≤ 0 and falling, so every exponent below is ≤ 0);
// cb [nc, G, Q, Q] is C·Bᵀ per (chunk, group) in fp32. Per (chunk c, head h):
//   B = [X ; Sᵀ]  bcat [nc, H, Q+N, P]: X = x of the chunk (t_ssd_prep), Sᵀ = the state entering it (t_ssd_pass)
//   y = [M | Ch]·B + D·x, with M[l, s] = C_l·B_s·exp(cum_l − cum_s)·dt_s for s ≤ l and Ch[l, n] = C_l[n]·exp(cum_l):
//       the in-chunk term and the entering state's term in one product (t_ssd_out, tensor cores, fp32 accumulation);
//       [M | Ch] is formed in registers and never stored.
// The chunk's own end state is (Bd)ᵀ·X with Bd[l, n] = B_l[n]·exp(cum_last − cum_l)·dt_l (a libtorch bmm into
// statesT [nc, H, N, P]); t_ssd_pass runs the recurrence across chunks in fp32. Products round where mamba_ssm's
// kernels round: the decayed C·Bᵀ, the decayed C and the decayed B are bf16 operands of their dots.

__device__ __forceinline__ unsigned int bf16_pair(float lo, float hi) { return (unsigned int)f32_to_bf16(lo) | ((unsigned int)f32_to_bf16(hi) << 16); }

// grid (nc, H), Q threads or more: X into bcat[.., 0:Q, :] and Bd. x and b are rows xStride / bStride apart. Pairs:
// two bf16 columns per 32-bit access (P, N and both strides even, x and b 4-byte aligned: the caller checks).
template <bool Pairs> __device__ void ssd_prep(bf16_t* __restrict__ bcat, bf16_t* __restrict__ bd,
                                               const bf16_t* __restrict__ x, long long xStride, const bf16_t* __restrict__ b, long long bStride,
                                               const float* __restrict__ dt, const float* __restrict__ cum, int len, int H, int G, int P, int N, int Q)
{
    extern __shared__ float toEnd[]; // [Q]: exp(cum_last − cum_l)·dt_l, 0 on padded rows
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    const float* cu = cum + ch * Q;
    for (int l = threadIdx.x; l < Q; l += blockDim.x)
    {
        long long t = (long long)c * Q + l;
        toEnd[l] = t < len ? __expf(cu[Q - 1] - cu[l]) * dt[t * H + h] : 0.0f;
    }
    __syncthreads();
    const int w = Pairs ? 2 : 1, pw = P / w, nw = N / w;
    // Unrolled so that several loads are in flight per thread (the pointers are __restrict__).
#pragma unroll 4
    for (int i = threadIdx.x; i < Q * pw; i += blockDim.x)
    {
        int l = i / pw, p = w * (i - l * pw);
        long long t = (long long)c * Q + l;
        const bf16_t* src = x + t * xStride + (long long)h * P + p;
        bf16_t* dst = bcat + (ch * (Q + N) + l) * P + p;
        if (Pairs) *(unsigned int*)dst = t < len ? *(const unsigned int*)src : 0u;
        else *dst = t < len ? *src : (bf16_t)0;
    }
#pragma unroll 4
    for (int i = threadIdx.x; i < Q * nw; i += blockDim.x)
    {
        int l = i / nw, n = w * (i - l * nw);
        long long t = (long long)c * Q + l;
        const bf16_t* src = b + t * bStride + (long long)g * N + n;
        bf16_t* dst = bd + (ch * Q + l) * N + n;
        float f = toEnd[l];
        if (Pairs)
        {
            unsigned int v = t < len ? *(const unsigned int*)src : 0u;
            *(unsigned int*)dst = bf16_pair(bf16_to_f32((bf16_t)(v & 0xffffu)) * f, bf16_to_f32((bf16_t)(v >> 16)) * f);
        }
        else *dst = f32_to_bf16(t < len ? bf16_to_f32(*src) * f : 0.0f);
    }
}
extern "C" __global__ void t_ssd_prep_bf16(bf16_t* bcat, bf16_t* bd, const bf16_t* x, long long xs, const bf16_t* b, long long bs,
                                           const float* dt, const float* cum, int len, int H, int G, int P, int N, int Q)
{ ssd_prep<false>(bcat, bd, x, xs, b, bs, dt, cum, len, H, G, P, N, Q); }
extern "C" __global__ void t_ssd_prep_x2_bf16(bf16_t* bcat, bf16_t* bd, const bf16_t* x, long long xs, const bf16_t* b, long long bs,
                                              const float* dt, const float* cum, int len, int H, int G, int P, int N, int Q)
{ ssd_prep<true>(bcat, bd, x, xs, b, bs, dt, cum, len, H, G, P, N, Q); }

// Warp-level bf16 tensor-core primitives (sm_80+): D[16×8] += A[16×16]·B[16×8], fp32 accumulators. Fragment
// ownership (PTX ISA, mma.m16n8k16): lane = 4·gid + tig; A regs {(gid, 2tig..+1), (gid+8, 2tig..+1), (gid, 2tig+8..+9),
// (gid+8, 2tig+8..+9)} (lower column in the low half); B regs {(k = 2tig..+1, n = gid), (k = 2tig+8..+9, n = gid)};
// D {(gid, 2tig), (gid, 2tig+1), (gid+8, 2tig), (gid+8, 2tig+1)}.
__device__ __forceinline__ void mma_16816_bf16(float* d, const unsigned int* a, unsigned int b0, unsigned int b1)
{
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
// The B fragment of rows k0..k0+15, columns n0..n0+7 of a row-major bf16 matrix in shared memory: lane i < 16 passes
// the address of row k0 + i at column n0 (16-byte aligned); .trans hands each lane its (k, n) pairs.
__device__ __forceinline__ void ldsm_x2_trans(unsigned int& b0, unsigned int& b1, unsigned int sharedAddress)
{
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0,%1}, [%2];\n" : "=r"(b0), "=r"(b1) : "r"(sharedAddress));
}
__device__ __forceinline__ unsigned int shared_address(const void* p)
{
    unsigned long long a;
    asm("cvta.to.shared.u64 %0, %1;" : "=l"(a) : "l"(p));
    return (unsigned int)a;
}

// Asynchronous global → shared copies (sm_80+) of 4 and 16 bytes; cp_async_wait_all waits for this thread's own.
__device__ __forceinline__ void cp_async4(unsigned int dst, const void* src) { asm volatile("cp.async.ca.shared.global [%0], [%1], 4;\n" :: "r"(dst), "l"(src)); }
__device__ __forceinline__ void cp_async16(unsigned int dst, const void* src) { asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" :: "r"(dst), "l"(src)); }
__device__ __forceinline__ void cp_async_wait_all() { asm volatile("cp.async.wait_all;\n" ::: "memory"); }
// A bf16 pair scaled in fp32 and rounded again (the decayed C of the entering state's term).
__device__ __forceinline__ unsigned int bf16_pair_scaled(unsigned int v, float f)
{
    return bf16_pair(bf16_to_f32((bf16_t)(v & 0xffffu)) * f, bf16_to_f32((bf16_t)(v >> 16)) * f);
}
// M[l, s..s+1] = (C·Bᵀ)[l, s..s+1]·exp(cum_l − cum_s)·dt_s as a bf16 pair: 0 above the diagonal (exp only where s ≤ l).
__device__ __forceinline__ unsigned int ssd_m_pair(float cb0, float cb1, int l, int s, float cumL, const float* sCum, const float* sDt)
{
    float m0 = s <= l ? cb0 * __expf(cumL - sCum[s]) * sDt[s] : 0.0f;
    float m1 = s + 1 <= l ? cb1 * __expf(cumL - sCum[s + 1]) * sDt[s + 1] : 0.0f;
    return bf16_pair(m0, m1);
}
__device__ __forceinline__ void ldsm_x4(unsigned int* r, unsigned int sharedAddress)
{
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n" : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(sharedAddress));
}

#define SSD_MAX_P 128 // head dims up to 128: 16 column tiles of 8, 64 fp32 accumulators per thread
#define SSD_MAX_N 128 // state sizes up to 128: C's A fragments stay in 32 registers
// grid (nc, H), Q/16 warps (Q ≤ 128): y[c·Q + l, h, :] = [M | Ch]·bcat[c, h] + D_h·x for the chunk's valid rows, as a
// flash-attention-style kernel. Warp w owns rows 16w..16w+15 and keeps their C (its A fragments, N/16 tiles) in
// registers. Per key tile of 16 (0..w only: M is lower triangular) it forms C·Bᵀ on tensor cores (fp32 accumulators),
// decays and masks it in registers, and the accumulators, rounded to bf16, are directly the A fragment of the product
// with X (the m16n8k16 accumulator layout of two n-tiles is the A layout of one k-tile). Then C·exp(cum) against Sᵀ.
// Shared memory: cum, dt [Q] fp32; B of the chunk [Q, N+8] and [X ; Sᵀ] [Q+N, P+8] bf16 (rows padded by 8 columns:
// conflict-free ldmatrix). Needs Q % 16 == 0, Q ≤ 128, N % 16 == 0, N ≤ 128, P % 8 == 0, P ≤ 128, b and c 4-byte aligned
// with even row strides (the caller checks). y is [len, H, P]; b and c are read in place.
extern "C" __global__ void __launch_bounds__(256) t_ssd_out_bf16(bf16_t* __restrict__ y, const bf16_t* __restrict__ bcat,
                                                                const bf16_t* __restrict__ b, long long bStride,
                                                                const bf16_t* __restrict__ cm, long long cStride, const float* __restrict__ dt,
                                                                const float* __restrict__ cum, const float* __restrict__ dskip,
                                                                int len, int H, int G, int P, int N, int Q)
{
    extern __shared__ float sm[];
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    int ldB = N + 8, ldX = P + 8, p8 = P / 8, n2 = N / 2;
    float* sCum = sm;
    float* sDt = sm + Q;
    bf16_t* sB = (bf16_t*)(sm + 2 * Q);       // [Q, N+8]
    bf16_t* sX = sB + Q * ldB;                 // [Q+N, P+8]: X rows, then Sᵀ rows
    // Shared-memory fills as asynchronous copies, all in flight at once (a load-then-store loop waits out the memory
    // latency once per iteration).
    for (int l = threadIdx.x; l < Q; l += blockDim.x)
    {
        long long t = (long long)c * Q + l;
        cp_async4(shared_address(sCum + l), cum + ch * Q + l);
        if (t < len) cp_async4(shared_address(sDt + l), dt + t * H + h);
        else sDt[l] = 0.0f;
    }
    for (int i = threadIdx.x; i < Q * n2; i += blockDim.x)
    {
        int l = i / n2, n = 2 * (i - l * n2);
        long long t = (long long)c * Q + l;
        if (t < len) cp_async4(shared_address(sB + l * ldB + n), b + t * bStride + (long long)g * N + n);
        else *(unsigned int*)(sB + l * ldB + n) = 0u;
    }
    const bf16_t* src = bcat + ch * (Q + N) * P;
    for (int i = threadIdx.x; i < (Q + N) * p8; i += blockDim.x)
    {
        int r = i / p8, j = i - r * p8;
        cp_async16(shared_address(sX + r * ldX + 8 * j), src + 8 * i);
    }
    cp_async_wait_all();

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, gid = lane >> 2, tig = lane & 3;
    int r0 = warp * 16 + gid, r1 = r0 + 8, pt = P / 8, nt = N / 16;
    long long t0 = (long long)c * Q + r0, t1 = t0 + 8;
    // C of rows r0, r1 as A fragments (k-tile kn covers state columns 16kn..16kn+15); 0 on padded rows.
    unsigned int cf[SSD_MAX_N / 16][4];
#pragma unroll
    for (int kn = 0; kn < SSD_MAX_N / 16; kn++)
    {
        int n = 16 * kn + 2 * tig;
        bool in = kn < nt;
        const bf16_t* c0 = cm + t0 * cStride + (long long)g * N + n;
        const bf16_t* c1 = cm + t1 * cStride + (long long)g * N + n;
        cf[kn][0] = in && t0 < len ? *(const unsigned int*)c0 : 0u;
        cf[kn][1] = in && t1 < len ? *(const unsigned int*)c1 : 0u;
        cf[kn][2] = in && t0 < len ? *(const unsigned int*)(c0 + 8) : 0u;
        cf[kn][3] = in && t1 < len ? *(const unsigned int*)(c1 + 8) : 0u;
    }
    __syncthreads();

    float acc[SSD_MAX_P / 8][4];
#pragma unroll
    for (int j = 0; j < SSD_MAX_P / 8; j++) acc[j][0] = acc[j][1] = acc[j][2] = acc[j][3] = 0.0f;
    // ldmatrix row addresses: x4 over B (rows s0 + (lane & 7) + 8·(lane ≥ 16), columns +8 for lanes 8–15 and 24–31),
    // x2.trans over [X ; Sᵀ] (rows k0 + (lane & 15)).
    unsigned int bAddress = shared_address(sB) + (unsigned int)((((lane & 7) + ((lane >> 4) << 3)) * ldB + ((lane >> 3) & 1) * 8) * 2);
    unsigned int xAddress = shared_address(sX) + (unsigned int)((lane & 15) * ldX * 2);
    float cum0 = sCum[r0], cum1 = sCum[r1];
    for (int kt = 0; kt <= warp; kt++)
    {
        int s0 = 16 * kt;
        float cb[2][4] = { { 0.0f, 0.0f, 0.0f, 0.0f }, { 0.0f, 0.0f, 0.0f, 0.0f } }; // C·Bᵀ, columns s0..s0+7 and s0+8..s0+15
#pragma unroll
        for (int kn = 0; kn < SSD_MAX_N / 16; kn++)
        {
            if (kn < nt)
            {
                unsigned int bf[4];
                ldsm_x4(bf, bAddress + (unsigned int)((s0 * ldB + 16 * kn) * 2));
                mma_16816_bf16(cb[0], cf[kn], bf[0], bf[1]);
                mma_16816_bf16(cb[1], cf[kn], bf[2], bf[3]);
            }
        }
        int s = s0 + 2 * tig;
        unsigned int a[4] = { ssd_m_pair(cb[0][0], cb[0][1], r0, s, cum0, sCum, sDt), ssd_m_pair(cb[0][2], cb[0][3], r1, s, cum1, sCum, sDt),
                              ssd_m_pair(cb[1][0], cb[1][1], r0, s + 8, cum0, sCum, sDt), ssd_m_pair(cb[1][2], cb[1][3], r1, s + 8, cum1, sCum, sDt) };
        unsigned int k0 = xAddress + (unsigned int)(s0 * ldX * 2);
#pragma unroll
        for (int j = 0; j < SSD_MAX_P / 8; j++)
        {
            if (j < pt)
            {
                unsigned int b0, b1;
                ldsm_x2_trans(b0, b1, k0 + 16 * j);
                mma_16816_bf16(acc[j], a, b0, b1);
            }
        }
    }

    float e0 = __expf(cum0), e1 = __expf(cum1);
#pragma unroll
    for (int kn = 0; kn < SSD_MAX_N / 16; kn++)
    {
        if (kn >= nt) continue;
        unsigned int a[4] = { bf16_pair_scaled(cf[kn][0], e0), bf16_pair_scaled(cf[kn][1], e1), bf16_pair_scaled(cf[kn][2], e0), bf16_pair_scaled(cf[kn][3], e1) };
        unsigned int k0 = xAddress + (unsigned int)((Q + 16 * kn) * ldX * 2);
#pragma unroll
        for (int j = 0; j < SSD_MAX_P / 8; j++)
        {
            if (j < pt)
            {
                unsigned int b0, b1;
                ldsm_x2_trans(b0, b1, k0 + 16 * j);
                mma_16816_bf16(acc[j], a, b0, b1);
            }
        }
    }

    // Epilogue: y = acc + D·x in fp32, one rounding, staged over the X rows (every warp is done reading them), then
    // written out a row of P at a time with 16-byte stores.
    __syncthreads();
    float dh = dskip[h];
#pragma unroll
    for (int j = 0; j < SSD_MAX_P / 8; j++)
    {
        if (j >= pt) continue;
        int p = 8 * j + 2 * tig;
        unsigned int* x0 = (unsigned int*)(sX + r0 * ldX + p);
        unsigned int* x1 = (unsigned int*)(sX + r1 * ldX + p);
        unsigned int v0 = *x0, v1 = *x1;
        *x0 = bf16_pair(acc[j][0] + dh * bf16_to_f32((bf16_t)(v0 & 0xffffu)), acc[j][1] + dh * bf16_to_f32((bf16_t)(v0 >> 16)));
        *x1 = bf16_pair(acc[j][2] + dh * bf16_to_f32((bf16_t)(v1 & 0xffffu)), acc[j][3] + dh * bf16_to_f32((bf16_t)(v1 >> 16)));
    }
    __syncthreads();
    for (int i = threadIdx.x; i < Q * p8; i += blockDim.x)
    {
        int l = i / p8, j = i - l * p8;
        long long t = (long long)c * Q + l;
        if (t < len) *(uint4*)(y + (t * H + h) * P + 8 * j) = *(const uint4*)(sX + l * ldX + 8 * j);
    }
}

// One thread per (h, n, p): the state entering each chunk, written transposed into B[.., Q:, :], then
// S ← exp(cum_last)·S + statesT[c]; s0 and sOut are fp32 [H, P, N] (distinct buffers).
template <typename D> __device__ void ssd_pass(typename D::T* bcat, const typename D::T* statesT, const float* cum, const float* s0, float* sOut,
                                               int nc, int H, int P, int N, int Q)
{
    GRID_STRIDE(i, (long long)H * N * P)
    {
        int p = (int)(i % P);
        long long hn = i / P;
        int n = (int)(hn % N), h = (int)(hn / N);
        long long sIdx = ((long long)h * P + p) * N + n;
        float s = s0[sIdx];
        for (int c = 0; c < nc; c++)
        {
            long long ch = (long long)c * H + h;
            D::st(bcat, (ch * (Q + N) + Q + n) * P + p, s);
            s = __expf(cum[ch * Q + Q - 1]) * s + D::ld(statesT, (ch * N + n) * P + p);
        }
        sOut[sIdx] = s;
    }
}
extern "C" __global__ void t_ssd_pass_bf16(bf16_t* bcat, const bf16_t* st, const float* cum, const float* s0, float* s1, int nc, int H, int P, int N, int Q)
{ ssd_pass<BF16>(bcat, st, cum, s0, s1, nc, H, P, N, Q); }
