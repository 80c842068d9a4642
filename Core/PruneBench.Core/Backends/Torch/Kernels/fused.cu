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

// ---- Chunked SSD (Mamba2's state-space duality): the non-GEMM stages around two libtorch bmm's -------------------
// One slice of `len` tokens in nc chunks of Q (padded rows read as zeros). Per (chunk c, head h), in the compute type:
//   A = [M | Ch]  [nc, H, Q, Q+N]   M[l, s] = C_l·B_s · exp(cum_l − cum_s) · dt_s for s ≤ l (+ D_h on the diagonal),
//                                   Ch[l, n] = C_l[n] · exp(cum_l)
//   B = [X ; Sᵀ]  [nc, H, Q+N, P]   X = x of the chunk; Sᵀ = the state entering the chunk, transposed [N, P]
// so that y = A·B (one bmm, K = Q+N, fp32 accumulation, one rounding) is the in-chunk term, the entering state's
// term and the D skip at once. The chunk's own end state is (Bd)ᵀ·X with Bd[l, n] = B_l[n]·exp(cum_last − cum_l)·dt_l
// (a bmm into statesT [nc, H, N, P]); t_ssd_pass runs the recurrence across chunks in fp32. cum [nc, H, Q] is the fp32
// in-chunk cumulative sum of A·dt (≤ 0, so every exponent here is ≤ 0). Products round where mamba_ssm's kernels do
// (the decayed C·Bᵀ and the decayed B are cast to x's type before their dots).

// grid (nc, H): X into B[.., 0:Q, :], Ch into A[.., :, Q:], Bd. x, b, c are rows xStride / bStride / cStride apart.
// The per-row factors exp(cum_last − cum_l)·dt_l and exp(cum_l) are computed once per block into shared memory.
template <typename D> __device__ void ssd_prep(typename D::T* __restrict__ a, typename D::T* __restrict__ bcat, typename D::T* __restrict__ bd,
                                               const typename D::T* __restrict__ x, long long xStride,
                                               const typename D::T* __restrict__ b, long long bStride, const typename D::T* __restrict__ cm, long long cStride,
                                               const float* __restrict__ dt, const float* __restrict__ cum, int len, int H, int G, int P, int N, int Q)
{
    extern __shared__ float sm[]; // toEnd [Q], fromStart [Q]
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    const float* cu = cum + ch * Q;
    float last = cu[Q - 1];
    for (int l = threadIdx.x; l < Q; l += blockDim.x)
    {
        long long t = (long long)c * Q + l;
        bool valid = t < len;
        sm[l] = valid ? __expf(last - cu[l]) * dt[t * H + h] : 0.0f;
        sm[Q + l] = valid ? __expf(cu[l]) : 0.0f;
    }
    __syncthreads();
    for (int i = threadIdx.x; i < Q * P; i += blockDim.x)
    {
        int l = i / P, p = i - l * P;
        long long t = (long long)c * Q + l;
        D::st(bcat, (ch * (Q + N) + l) * P + p, t < len ? D::ld(x, t * xStride + (long long)h * P + p) : 0.0f);
    }
    for (int i = threadIdx.x; i < Q * N; i += blockDim.x)
    {
        int l = i / N, n = i - l * N;
        long long t = (long long)c * Q + l;
        float bv = 0.0f, cv = 0.0f;
        if (t < len)
        {
            bv = D::ld(b, t * bStride + (long long)g * N + n) * sm[l];
            cv = D::ld(cm, t * cStride + (long long)g * N + n) * sm[Q + l];
        }
        D::st(bd, (ch * Q + l) * N + n, bv);
        D::st(a, (ch * Q + l) * (Q + N) + Q + n, cv);
    }
}
extern "C" __global__ void t_ssd_prep_f32(float* a, float* bcat, float* bd, const float* x, long long xs, const float* b, long long bs,
                                          const float* c, long long cs, const float* dt, const float* cum, int len, int H, int G, int P, int N, int Q)
{ ssd_prep<F32>(a, bcat, bd, x, xs, b, bs, c, cs, dt, cum, len, H, G, P, N, Q); }
extern "C" __global__ void t_ssd_prep_bf16(bf16_t* a, bf16_t* bcat, bf16_t* bd, const bf16_t* x, long long xs, const bf16_t* b, long long bs,
                                           const bf16_t* c, long long cs, const float* dt, const float* cum, int len, int H, int G, int P, int N, int Q)
{ ssd_prep<BF16>(a, bcat, bd, x, xs, b, bs, c, cs, dt, cum, len, H, G, P, N, Q); }

// t_ssd_prep for bf16 two columns at a time (32-bit loads and stores, half the instructions): P, N, Q and every row
// stride even, x, b, c 4-byte aligned (the caller checks). Same values as t_ssd_prep_bf16.
__device__ __forceinline__ unsigned int bf16_pair(float lo, float hi) { return (unsigned int)f32_to_bf16(lo) | ((unsigned int)f32_to_bf16(hi) << 16); }
extern "C" __global__ void t_ssd_prep_x2_bf16(bf16_t* __restrict__ a, bf16_t* __restrict__ bcat, bf16_t* __restrict__ bd,
                                              const bf16_t* __restrict__ x, long long xStride, const bf16_t* __restrict__ b, long long bStride,
                                              const bf16_t* __restrict__ cm, long long cStride, const float* __restrict__ dt,
                                              const float* __restrict__ cum, int len, int H, int G, int P, int N, int Q)
{
    extern __shared__ float sm[]; // toEnd [Q], fromStart [Q]
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    const float* cu = cum + ch * Q;
    float last = cu[Q - 1];
    for (int l = threadIdx.x; l < Q; l += blockDim.x)
    {
        long long t = (long long)c * Q + l;
        bool valid = t < len;
        sm[l] = valid ? __expf(last - cu[l]) * dt[t * H + h] : 0.0f;
        sm[Q + l] = valid ? __expf(cu[l]) : 0.0f;
    }
    __syncthreads();
    int p2 = P / 2, n2 = N / 2;
    for (int i = threadIdx.x; i < Q * p2; i += blockDim.x)
    {
        int l = i / p2, p = 2 * (i - l * p2);
        long long t = (long long)c * Q + l;
        unsigned int v = t < len ? *(const unsigned int*)(x + t * xStride + (long long)h * P + p) : 0u;
        *(unsigned int*)(bcat + (ch * (Q + N) + l) * P + p) = v;
    }
    for (int i = threadIdx.x; i < Q * n2; i += blockDim.x)
    {
        int l = i / n2, n = 2 * (i - l * n2);
        long long t = (long long)c * Q + l;
        unsigned int bv = 0u, cv = 0u;
        if (t < len)
        {
            unsigned int bw = *(const unsigned int*)(b + t * bStride + (long long)g * N + n);
            unsigned int cw = *(const unsigned int*)(cm + t * cStride + (long long)g * N + n);
            float toEnd = sm[l], fromStart = sm[Q + l];
            bv = bf16_pair(bf16_to_f32((bf16_t)(bw & 0xffffu)) * toEnd, bf16_to_f32((bf16_t)(bw >> 16)) * toEnd);
            cv = bf16_pair(bf16_to_f32((bf16_t)(cw & 0xffffu)) * fromStart, bf16_to_f32((bf16_t)(cw >> 16)) * fromStart);
        }
        *(unsigned int*)(bd + (ch * Q + l) * N + n) = bv;
        *(unsigned int*)(a + (ch * Q + l) * (Q + N) + Q + n) = cv;
    }
}

// grid (nc, H): M into A[.., :, 0:Q] from cb = C·Bᵀ per group [nc, G, Q, Q] (fp32), D_h added on the diagonal.
template <typename D> __device__ void ssd_mask(typename D::T* a, const float* cb, const float* dt, const float* cum, const float* dskip,
                                               int len, int H, int G, int N, int Q)
{
    extern __shared__ float sm[]; // cum [Q], dt [Q]
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    for (int l = threadIdx.x; l < Q; l += blockDim.x)
    {
        long long t = (long long)c * Q + l;
        sm[l] = cum[ch * Q + l];
        sm[Q + l] = t < len ? dt[t * H + h] : 0.0f;
    }
    __syncthreads();
    const float* cbc = cb + ((long long)c * G + g) * Q * Q;
    float dh = dskip[h];
    for (int i = threadIdx.x; i < Q * Q; i += blockDim.x)
    {
        int l = i / Q, s = i - l * Q;
        float m = s <= l ? cbc[i] * __expf(sm[l] - sm[s]) * sm[Q + s] : 0.0f;
        if (s == l) m += dh;
        D::st(a, (ch * Q + l) * (Q + N) + s, m);
    }
}
extern "C" __global__ void t_ssd_mask_f32(float* a, const float* cb, const float* dt, const float* cum, const float* d, int len, int H, int G, int N, int Q)
{ ssd_mask<F32>(a, cb, dt, cum, d, len, H, G, N, Q); }
extern "C" __global__ void t_ssd_mask_bf16(bf16_t* a, const float* cb, const float* dt, const float* cum, const float* d, int len, int H, int G, int N, int Q)
{ ssd_mask<BF16>(a, cb, dt, cum, d, len, H, G, N, Q); }

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
extern "C" __global__ void t_ssd_pass_f32(float* bcat, const float* st, const float* cum, const float* s0, float* s1, int nc, int H, int P, int N, int Q)
{ ssd_pass<F32>(bcat, st, cum, s0, s1, nc, H, P, N, Q); }
extern "C" __global__ void t_ssd_pass_bf16(bf16_t* bcat, const bf16_t* st, const float* cum, const float* s0, float* s1, int nc, int H, int P, int N, int Q)
{ ssd_pass<BF16>(bcat, st, cum, s0, s1, nc, H, P, N, Q); }
