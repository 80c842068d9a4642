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

// bf16 vectors of eight: the bf16 kernels of the production shapes move rows 16 bytes at a time (a 2-byte access per
// thread leaves the elementwise kernels at a third to a fifth of HBM bandwidth: docs/gpu.md). Callers check widths
// % 8 == 0 and 16-byte aligned rows.
__device__ __forceinline__ void unpack8_bf16(uint4 u, float* v)
{
    unsigned int w[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
    for (int i = 0; i < 4; i++) { v[2 * i] = bf16_to_f32((bf16_t)(w[i] & 0xffffu)); v[2 * i + 1] = bf16_to_f32((bf16_t)(w[i] >> 16)); }
}
__device__ __forceinline__ uint4 pack8_bf16(const float* v)
{
    uint4 u;
    u.x = (unsigned int)f32_to_bf16(v[0]) | ((unsigned int)f32_to_bf16(v[1]) << 16);
    u.y = (unsigned int)f32_to_bf16(v[2]) | ((unsigned int)f32_to_bf16(v[3]) << 16);
    u.z = (unsigned int)f32_to_bf16(v[4]) | ((unsigned int)f32_to_bf16(v[5]) << 16);
    u.w = (unsigned int)f32_to_bf16(v[6]) | ((unsigned int)f32_to_bf16(v[7]) << 16);
    return u;
}

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

// The second pass of the eight-column norms: y = round_bf16(h·inv)·w for the ≤ KEEP vectors a thread kept in registers
// (vector i = threadIdx.x + k·blockDim of a row of nv vectors), stored 16 bytes at a time.
template <int KEEP> __device__ __forceinline__ void scale_store8_bf16(uint4* yr, const uint4* wr, float (&h)[KEEP][8], float inv, int nv)
{
#pragma unroll
    for (int k = 0; k < KEEP; k++)
    {
        int i = threadIdx.x + k * blockDim.x;
        if (i < nv)
        {
            float wv[8], y[8];
            unpack8_bf16(wr[i], wv);
#pragma unroll
            for (int e = 0; e < 8; e++) y[e] = bf16_to_f32(f32_to_bf16(h[k][e] * inv)) * wv[e];
            yr[i] = pack8_bf16(y);
        }
    }
}

// t_rms_norm in bf16 with eight columns per access; each thread keeps its ≤ RMS8_KEEP vectors in registers between the
// sum and the scaling, so x is read once. W % 8 == 0, W ≤ 8·RMS8_KEEP·blockDim; one block per row.
#define RMS8_KEEP 4
extern "C" __global__ void __launch_bounds__(256) t_rms_norm8_bf16(bf16_t* __restrict__ out, const bf16_t* __restrict__ x,
                                                                   const bf16_t* __restrict__ w, int W, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    const uint4* xr = reinterpret_cast<const uint4*>(x + row * W);
    int nv = W / 8;
    float v[RMS8_KEEP][8];
    float ss = 0.0f;
#pragma unroll
    for (int k = 0; k < RMS8_KEEP; k++)
    {
        int i = threadIdx.x + k * blockDim.x;
        if (i < nv)
        {
            unpack8_bf16(xr[i], v[k]);
#pragma unroll
            for (int e = 0; e < 8; e++) ss += v[k][e] * v[k][e];
        }
    }
    ss = block_sum(ss, scratch);
    float inv = rsqrtf(ss / W + eps);
    scale_store8_bf16<RMS8_KEEP>(reinterpret_cast<uint4*>(out + row * W), reinterpret_cast<const uint4*>(w), v, inv, nv);
}

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

// t_gated_rms_norm in bf16 with eight columns per access, h = x·silu(gate) kept in registers (≤ GATED8_KEEP vectors
// per thread). groupSize % 8 == 0, groupSize ≤ 8·GATED8_KEEP·blockDim; x, gate rows 16-byte aligned (strides % 8 == 0).
// grid (rows, groups); the caller sizes the block to the group (nemotron-nano-12b-v2: 1 280 columns = 160 threads).
#define GATED8_KEEP 2
extern "C" __global__ void __launch_bounds__(256) t_gated_rms_norm8_bf16(bf16_t* __restrict__ out, const bf16_t* __restrict__ x, long long xStride,
                                                                         const bf16_t* __restrict__ g, long long gStride,
                                                                         const bf16_t* __restrict__ w, int I, int groupSize, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    int c0 = blockIdx.y * groupSize;
    const uint4* xr = reinterpret_cast<const uint4*>(x + row * xStride + c0);
    const uint4* gr = reinterpret_cast<const uint4*>(g + row * gStride + c0);
    int nv = groupSize / 8;
    float h[GATED8_KEEP][8];
    float ss = 0.0f;
#pragma unroll
    for (int k = 0; k < GATED8_KEEP; k++)
    {
        int i = threadIdx.x + k * blockDim.x;
        if (i < nv)
        {
            float xv[8], gv[8];
            unpack8_bf16(xr[i], xv);
            unpack8_bf16(gr[i], gv);
#pragma unroll
            for (int e = 0; e < 8; e++) { h[k][e] = xv[e] * silu(gv[e]); ss += h[k][e] * h[k][e]; }
        }
    }
    ss = block_sum(ss, scratch);
    float inv = rsqrtf(ss / groupSize + eps);
    scale_store8_bf16<GATED8_KEEP>(reinterpret_cast<uint4*>(out + row * I + c0), reinterpret_cast<const uint4*>(w + c0), h, inv, nv);
}

// relu(x)² in bf16 (nemotron_h's MLP activation), eight values per access: relu exact, the square rounded once, as
// relu() then mul_() in bf16. NaN stays NaN (as torch.relu). n % 8 == 0; grid-stride over n/8 vectors.
extern "C" __global__ void __launch_bounds__(256) t_relu2_8_bf16(bf16_t* __restrict__ out, const bf16_t* __restrict__ x, long long n)
{
    const uint4* xv = reinterpret_cast<const uint4*>(x);
    uint4* yv = reinterpret_cast<uint4*>(out);
    GRID_STRIDE(i, n / 8)
    {
        float v[8];
        unpack8_bf16(xv[i], v);
#pragma unroll
        for (int e = 0; e < 8; e++) { float r = v[e] < 0.0f ? 0.0f : v[e]; v[e] = r * r; }
        yv[i] = pack8_bf16(v);
    }
}

// Rotate-half RoPE in place on x [T, H, d]: angle = position · invFreq in fp32, cos/sin rounded to the dtype,
// x1' = x1·cos − x2·sin, x2' = x2·cos + x1·sin with each product rounded (as q·cos + rotate_half(q)·sin).
// One block per row t: the d/2 angles are computed once into shared memory and applied to every head.
template <typename D> __device__ void rope(typename D::T* x, const float* pos, const float* invFreq, int T, int H, int d)
{
    extern __shared__ float cs[]; // [d/2] cos, then [d/2] sin
    int half = d / 2;
    long long t = blockIdx.x;
    for (int k = threadIdx.x; k < half; k += blockDim.x)
    {
        float angle = pos[t] * invFreq[k];
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
extern "C" __global__ void t_rope_f32(float* x, const float* pos, const float* f, int T, int H, int d) { rope<F32>(x, pos, f, T, H, d); }
extern "C" __global__ void t_rope_bf16(bf16_t* x, const float* pos, const float* f, int T, int H, int d) { rope<BF16>(x, pos, f, T, H, d); }

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

// The bf16 conv of the production shapes (K ≤ 4), eight channels per thread: x rows and the output are read and
// written 16 bytes at a time (t_conv_silu moves 2 bytes per thread per row; measured 30 ms at 16k tokens on
// nemotron-nano-12b-v2 against a ~5 ms bandwidth floor). Same arithmetic and rounding as conv_silu, channel by channel.
// Caller: C % 8 == 0, x's row stride % 8 == 0 and x, out 16-byte aligned. grid (⌈C/8/block⌉, ⌈T/CONV_ROWS⌉).
extern "C" __global__ void __launch_bounds__(256) t_conv_silu8_bf16(bf16_t* __restrict__ out, const bf16_t* __restrict__ x, long long xStride,
                                                                    const bf16_t* __restrict__ state, const bf16_t* __restrict__ w,
                                                                    const bf16_t* __restrict__ bias, int T, int C, int K)
{
    int c0 = (blockIdx.x * blockDim.x + threadIdx.x) * 8;
    if (c0 >= C) return;
    long long t0 = (long long)blockIdx.y * CONV_ROWS;
    float wk[8][4], win[8][3], b[8];
#pragma unroll
    for (int i = 0; i < 8; i++)
    {
        int c = c0 + i;
#pragma unroll
        for (int j = 0; j < 4; j++) wk[i][j] = j < K ? bf16_to_f32(w[(long long)c * K + j]) : 0.0f;
#pragma unroll
        for (int j = 0; j < 3; j++)
        {
            long long s = t0 - (K - 1) + j;
            win[i][j] = j >= K - 1 ? 0.0f : s >= 0 ? bf16_to_f32(x[s * xStride + c]) : bf16_to_f32(state[(long long)c * (K - 1) + (K - 1) + s]);
        }
        b[i] = bias ? bf16_to_f32(bias[c]) : 0.0f;
    }
#pragma unroll 2
    for (int r = 0; r < CONV_ROWS && t0 + r < T; r++)
    {
        long long t = t0 + r;
        float v[8];
        unpack8_bf16(*reinterpret_cast<const uint4*>(x + t * xStride + c0), v);
        unsigned int packed[4];
#pragma unroll
        for (int i = 0; i < 8; i += 2)
        {
            float y[2];
#pragma unroll
            for (int e = 0; e < 2; e++)
            {
                float acc = b[i + e];
#pragma unroll
                for (int j = 0; j < 3; j++) if (j < K - 1) acc += wk[i + e][j] * win[i + e][j];
                // wk[K−1] without a runtime index (registers): K ≤ 4.
                float wl = K == 4 ? wk[i + e][3] : K == 3 ? wk[i + e][2] : K == 2 ? wk[i + e][1] : wk[i + e][0];
                acc += wl * v[i + e];
                y[e] = silu(bf16_to_f32(f32_to_bf16(acc)));
            }
            packed[i / 2] = (unsigned int)f32_to_bf16(y[0]) | ((unsigned int)f32_to_bf16(y[1]) << 16);
        }
        uint4 o;
        o.x = packed[0]; o.y = packed[1]; o.z = packed[2]; o.w = packed[3];
        *reinterpret_cast<uint4*>(out + t * C + c0) = o;
#pragma unroll
        for (int i = 0; i < 8; i++)
        {
            // Slide the window: the K−1 previous inputs, oldest first (constant indices only).
            if (K - 1 >= 3) { win[i][0] = win[i][1]; win[i][1] = win[i][2]; win[i][2] = v[i]; }
            else if (K - 1 == 2) { win[i][0] = win[i][1]; win[i][1] = v[i]; }
            else if (K - 1 == 1) { win[i][0] = v[i]; }
        }
    }
}

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

// ---- Chunked SSD (Mamba2's state-space duality), bf16 on tensor cores ---------------------------------------------
// One slice of `len` tokens in nc chunks of Q (padded rows read as zeros; dt = 0 there: no decay, no input).
// cum [nc, H, Q] is the fp32 in-chunk cumulative sum of A·dt (≤ 0 and falling, so every exponent below is ≤ 0).
// x [len, H, P], B and C [len, G, N] are read in place (rows xStride / bStride / cStride apart: slices of the conv
// output). Per (chunk c, head h), three kernels:
//   t_ssd_states  the chunk's own end state  S_c = (Bd)ᵀ·X,  Bd[l, n] = B_l[n]·exp(cum_last − cum_l)·dt_l   fp32 [N, P]
//   t_ssd_pass    the state entering each chunk (fp32 recurrence across chunks), stored bf16 as sIn [nc, H, N, P]
//   t_ssd_out     y = [M | Ch]·[X ; sIn] + D·x,  M[l, s] = C_l·B_s·exp(cum_l − cum_s)·dt_s (s ≤ l),  Ch = C·exp(cum_l)
// Products round where mamba_ssm's kernels round: the decayed C·Bᵀ, the decayed C, the decayed B and the entering
// state are bf16 operands of their dots; accumulation is fp32. Nothing of size [Q, Q] per head is ever stored.
// Both matmul kernels use one warp per 16 rows (mma.m16n8k16), operands in shared memory filled by cp.async (rows
// padded by 8 columns: conflict-free ldmatrix), PT = P/8 column tiles per warp as a template parameter (the
// accumulators stay in registers). Shapes: Q % 16 == 0, Q ≤ 128, N % 16 == 0, N ≤ 128, P ∈ {16, 32, 64, 80, 128},
// x, B, C 4-byte aligned with even row strides (the caller checks).

__device__ __forceinline__ unsigned int bf16_pair(float lo, float hi) { return (unsigned int)f32_to_bf16(lo) | ((unsigned int)f32_to_bf16(hi) << 16); }
// A bf16 pair scaled in fp32 by (lo, hi) and rounded again.
__device__ __forceinline__ unsigned int bf16_pair_scaled(unsigned int v, float lo, float hi)
{
    return bf16_pair(bf16_to_f32((bf16_t)(v & 0xffffu)) * lo, bf16_to_f32((bf16_t)(v >> 16)) * hi);
}

// Warp-level bf16 tensor-core primitives (sm_80+): D[16×8] += A[16×16]·B[16×8], fp32 accumulators. Fragment
// ownership (PTX ISA, mma.m16n8k16): lane = 4·gid + tig; A regs {(gid, 2tig..+1), (gid+8, 2tig..+1), (gid, 2tig+8..+9),
// (gid+8, 2tig+8..+9)} (lower column in the low half); B regs {(k = 2tig..+1, n = gid), (k = 2tig+8..+9, n = gid)};
// D {(gid, 2tig), (gid, 2tig+1), (gid+8, 2tig), (gid+8, 2tig+1)}. The D layout of two adjacent n-tiles is the A layout
// of one k-tile (what lets t_ssd_out feed C·Bᵀ's accumulators straight into the next product).
__device__ __forceinline__ void mma_16816_bf16(float* d, const unsigned int* a, unsigned int b0, unsigned int b1)
{
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
// ldmatrix: lane i passes the shared address of a 16-byte row of 8 bf16 (row i & 7 of matrix i / 8); .trans hands each
// lane the transposed pairs. x2.trans over rows k0..k0+15 of a row-major [K, N] matrix at column n0 is a B fragment;
// x4 (rows r0 + (i & 7) + 8·(i ≥ 16), column c0 + 8·((i / 8) & 1)) is two B fragments of a row-major [N, K] matrix
// (n-tiles r0.., r0+8..), or, with .trans, the A fragment of the transpose of a row-major [K, M] matrix.
__device__ __forceinline__ void ldsm_x2_trans(unsigned int& b0, unsigned int& b1, unsigned int sharedAddress)
{
    asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0,%1}, [%2];\n" : "=r"(b0), "=r"(b1) : "r"(sharedAddress));
}
__device__ __forceinline__ void ldsm_x4(unsigned int* r, unsigned int sharedAddress)
{
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n" : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(sharedAddress));
}
__device__ __forceinline__ void ldsm_x4_trans(unsigned int* r, unsigned int sharedAddress)
{
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n" : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3]) : "r"(sharedAddress));
}
__device__ __forceinline__ unsigned int shared_address(const void* p)
{
    unsigned long long a;
    asm("cvta.to.shared.u64 %0, %1;" : "=l"(a) : "l"(p));
    return (unsigned int)a;
}
// acc[j] += a·B[k0.., 8j..8j+7] for the PT column tiles of a row-major bf16 matrix in shared memory, k0Address
// being this lane's ldmatrix row address (row k0 + (lane & 15), column 0).
template <int PT> __device__ __forceinline__ void mma_row_tiles(float (*acc)[4], const unsigned int* a, unsigned int k0Address)
{
#pragma unroll
    for (int j = 0; j < PT; j++)
    {
        unsigned int b0, b1;
        ldsm_x2_trans(b0, b1, k0Address + 16 * j);
        mma_16816_bf16(acc[j], a, b0, b1);
    }
}
// Asynchronous global → shared copies (sm_80+); cp_async_wait_all waits for this thread's own. A fill loop of plain
// loads and stores would wait out the memory latency once per iteration.
__device__ __forceinline__ void cp_async4(unsigned int dst, const void* src) { asm volatile("cp.async.ca.shared.global [%0], [%1], 4;\n" :: "r"(dst), "l"(src)); }
__device__ __forceinline__ void cp_async16(unsigned int dst, const void* src) { asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" :: "r"(dst), "l"(src)); }
__device__ __forceinline__ void cp_async_wait_all() { asm volatile("cp.async.wait_all;\n" ::: "memory"); }

// Rows [0, Q) of a [rows, W] bf16 matrix in place (row t of the slice at src + t·stride) into shared memory with
// leading dimension ld; rows at or past `valid` read as zeros. 16 bytes per copy where the caller found every row
// 16-byte aligned (wide), else 4 (W even, rows 4-byte aligned).
__device__ __forceinline__ void ssd_fill_rows(bf16_t* dst, int ld, const bf16_t* src, long long stride, int W, int Q, int valid, bool wide)
{
    int e = wide ? 8 : 2, we = W / e;
    for (int i = threadIdx.x; i < Q * we; i += blockDim.x)
    {
        int l = i / we, k = e * (i - l * we);
        unsigned int d = shared_address(dst + l * ld + k);
        if (l >= valid)
        {
            if (wide) { uint4 z; z.x = z.y = z.z = z.w = 0u; *(uint4*)(dst + l * ld + k) = z; }
            else *(unsigned int*)(dst + l * ld + k) = 0u;
        }
        else if (wide) cp_async16(d, src + (long long)l * stride + k);
        else cp_async4(d, src + (long long)l * stride + k);
    }
}

// grid (nc, H), Q/16 warps: statesT[c, h] = (Bd)ᵀ·X, fp32 [N, P]. Warp w owns state rows n = 16w..16w+15 (N/16 warps
// do the product; Q ≥ N is required, the caller checks). A = Bdᵀ comes from B in shared memory by ldmatrix.x4.trans,
// scaled per key row l by exp(cum_last − cum_l)·dt_l and rounded; B = X by ldmatrix.x2.trans.
template <int PT> __device__ void ssd_states(float* __restrict__ states, const bf16_t* __restrict__ x, long long xStride,
                                             const bf16_t* __restrict__ b, long long bStride, const float* __restrict__ dt,
                                             const float* __restrict__ cum, int len, int H, int G, int N, int Q, int wide)
{
    extern __shared__ float sm[];
    const int P = 8 * PT;
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    int ldB = N + 8, ldX = P + 8, valid = len - c * Q < Q ? len - c * Q : Q;
    float* toEnd = sm;                          // [Q]: exp(cum_last − cum_l)·dt_l, 0 on padded rows
    bf16_t* sB = (bf16_t*)(sm + Q);            // [Q, N+8]
    bf16_t* sX = sB + Q * ldB;                 // [Q, P+8]
    long long t0 = (long long)c * Q;
    ssd_fill_rows(sB, ldB, b + t0 * bStride + (long long)g * N, bStride, N, Q, valid, wide != 0);
    ssd_fill_rows(sX, ldX, x + t0 * xStride + (long long)h * P, xStride, P, Q, valid, wide != 0);
    const float* cu = cum + ch * Q;
    for (int l = threadIdx.x; l < Q; l += blockDim.x) toEnd[l] = l < valid ? __expf(cu[Q - 1] - cu[l]) * dt[(t0 + l) * H + h] : 0.0f;
    cp_async_wait_all();
    __syncthreads();

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, gid = lane >> 2, tig = lane & 3;
    if (warp * 16 >= N) return;
    float acc[PT][4];
#pragma unroll
    for (int j = 0; j < PT; j++) acc[j][0] = acc[j][1] = acc[j][2] = acc[j][3] = 0.0f;
    int n0 = warp * 16;
    unsigned int aAddress = shared_address(sB) + (unsigned int)((((lane & 7) + ((lane >> 4) << 3)) * ldB + n0 + ((lane >> 3) & 1) * 8) * 2);
    unsigned int xAddress = shared_address(sX) + (unsigned int)((lane & 15) * ldX * 2);
    for (int kt = 0; kt < Q / 16; kt++)
    {
        int l0 = 16 * kt;
        unsigned int a[4];
        ldsm_x4_trans(a, aAddress + (unsigned int)(l0 * ldB * 2)); // a0: (n0+gid, l0+2tig..), a1: (n0+8+gid, ..), a2, a3: l + 8
        float f0 = toEnd[l0 + 2 * tig], f1 = toEnd[l0 + 2 * tig + 1], f8 = toEnd[l0 + 2 * tig + 8], f9 = toEnd[l0 + 2 * tig + 9];
        a[0] = bf16_pair_scaled(a[0], f0, f1);
        a[1] = bf16_pair_scaled(a[1], f0, f1);
        a[2] = bf16_pair_scaled(a[2], f8, f9);
        a[3] = bf16_pair_scaled(a[3], f8, f9);
        mma_row_tiles<PT>(acc, a, xAddress + (unsigned int)(l0 * ldX * 2));
    }
    float* out = states + ch * N * P;
#pragma unroll
    for (int j = 0; j < PT; j++)
    {
        int p = 8 * j + 2 * tig;
        float2 v0, v1;
        v0.x = acc[j][0]; v0.y = acc[j][1];
        v1.x = acc[j][2]; v1.y = acc[j][3];
        *(float2*)(out + (long long)(n0 + gid) * P + p) = v0;
        *(float2*)(out + (long long)(n0 + gid + 8) * P + p) = v1;
    }
}

// One thread per (h, n, p): sIn[c] = the state entering chunk c (bf16), then S ← exp(cum_last)·S + states[c] in fp32;
// s0 and sOut are fp32 [H, P, N] (distinct buffers), states fp32 [nc, H, N, P].
extern "C" __global__ void t_ssd_pass_bf16(bf16_t* __restrict__ sIn, const float* __restrict__ states, const float* __restrict__ cum,
                                           const float* __restrict__ s0, float* __restrict__ sOut, int nc, int H, int P, int N, int Q)
{
    GRID_STRIDE(i, (long long)H * N * P)
    {
        int p = (int)(i % P);
        long long hn = i / P;
        int n = (int)(hn % N), h = (int)(hn / N);
        long long sIdx = ((long long)h * P + p) * N + n;
        float s = s0[sIdx];
        // Unrolled: the loads of later chunks do not wait for the recurrence (the pointers are __restrict__).
#pragma unroll 8
        for (int c = 0; c < nc; c++)
        {
            long long chnp = (((long long)c * H + h) * N + n) * P + p;
            sIn[chnp] = f32_to_bf16(s);
            s = __expf(cum[((long long)c * H + h) * Q + Q - 1]) * s + states[chnp];
        }
        sOut[sIdx] = s;
    }
}

// M[l, s..s+1] = (C·Bᵀ)[l, s..s+1]·exp(cum_l − cum_s)·dt_s as a bf16 pair: 0 above the diagonal (exp only where s ≤ l).
__device__ __forceinline__ unsigned int ssd_m_pair(float cb0, float cb1, int l, int s, float cumL, const float* sCum, const float* sDt)
{
    float m0 = s <= l ? cb0 * __expf(cumL - sCum[s]) * sDt[s] : 0.0f;
    float m1 = s + 1 <= l ? cb1 * __expf(cumL - sCum[s + 1]) * sDt[s + 1] : 0.0f;
    return bf16_pair(m0, m1);
}

// grid (nc, H), Q/16 warps: y[c·Q + l, h, :] = [M | Ch]·[X ; sIn[c, h]] + D_h·x for the chunk's valid rows, as a
// flash-attention-style kernel. Warp w owns rows 16w..16w+15 and keeps their C (its A fragments, N/16 k-tiles) in
// registers. Per key tile of 16 (0..w only: M is lower triangular) it forms C·Bᵀ on tensor cores (fp32), decays and
// masks it in registers, and the accumulators, rounded to bf16, are the A fragment of the product with X. Then
// C·exp(cum_l) against the entering state. y [len, H, P] is staged over the X rows and written 16 bytes at a time.
template <int PT> __device__ void ssd_out(bf16_t* __restrict__ y, const bf16_t* __restrict__ x, long long xStride,
                                          const bf16_t* __restrict__ b, long long bStride, const bf16_t* __restrict__ cm, long long cStride,
                                          const bf16_t* __restrict__ sIn, const float* __restrict__ dt, const float* __restrict__ cum,
                                          const float* __restrict__ dskip, int len, int H, int G, int N, int Q, int wide)
{
    extern __shared__ float sm[];
    const int P = 8 * PT, p8 = PT;
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    long long ch = (long long)c * H + h;
    int ldB = N + 8, ldX = P + 8, valid = len - c * Q < Q ? len - c * Q : Q;
    float* sCum = sm;                          // [Q]
    float* sDt = sm + Q;                       // [Q], 0 on padded rows
    bf16_t* sB = (bf16_t*)(sm + 2 * Q);        // [Q, N+8]
    bf16_t* sX = sB + Q * ldB;                 // [Q+N, P+8]: X rows, then the entering state's rows
    long long t0 = (long long)c * Q;
    ssd_fill_rows(sB, ldB, b + t0 * bStride + (long long)g * N, bStride, N, Q, valid, wide != 0);
    ssd_fill_rows(sX, ldX, x + t0 * xStride + (long long)h * P, xStride, P, Q, valid, wide != 0);
    const bf16_t* state = sIn + ch * N * P;
    for (int i = threadIdx.x; i < N * p8; i += blockDim.x)
    {
        int r = i / p8, j = i - r * p8;
        cp_async16(shared_address(sX + (Q + r) * ldX + 8 * j), state + 8 * i);
    }
    for (int l = threadIdx.x; l < Q; l += blockDim.x)
    {
        sCum[l] = cum[ch * Q + l];
        sDt[l] = l < valid ? dt[(t0 + l) * H + h] : 0.0f;
    }

    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, gid = lane >> 2, tig = lane & 3;
    int r0 = warp * 16 + gid, r1 = r0 + 8, nt = N / 16;
    // C of rows r0, r1 as A fragments (k-tile kn covers state columns 16kn..16kn+15); 0 on padded rows.
    unsigned int cf[8][4];
#pragma unroll
    for (int kn = 0; kn < 8; kn++)
    {
        int n = 16 * kn + 2 * tig;
        bool in = kn < nt;
        const bf16_t* c0 = cm + (t0 + r0) * cStride + (long long)g * N + n;
        const bf16_t* c1 = c0 + 8 * cStride;
        cf[kn][0] = in && r0 < valid ? *(const unsigned int*)c0 : 0u;
        cf[kn][1] = in && r1 < valid ? *(const unsigned int*)c1 : 0u;
        cf[kn][2] = in && r0 < valid ? *(const unsigned int*)(c0 + 8) : 0u;
        cf[kn][3] = in && r1 < valid ? *(const unsigned int*)(c1 + 8) : 0u;
    }
    cp_async_wait_all();
    __syncthreads();

    float acc[PT][4];
#pragma unroll
    for (int j = 0; j < PT; j++) acc[j][0] = acc[j][1] = acc[j][2] = acc[j][3] = 0.0f;
    unsigned int bAddress = shared_address(sB) + (unsigned int)((((lane & 7) + ((lane >> 4) << 3)) * ldB + ((lane >> 3) & 1) * 8) * 2);
    unsigned int xAddress = shared_address(sX) + (unsigned int)((lane & 15) * ldX * 2);
    float cum0 = sCum[r0], cum1 = sCum[r1];
    for (int kt = 0; kt <= warp; kt++)
    {
        int s0 = 16 * kt;
        // C·Bᵀ for columns s0..s0+7 and s0+8..s0+15, over even and odd state tiles apart (four independent chains
        // of dependent mma's instead of two), summed after.
        float cb[2][4] = { { 0.0f, 0.0f, 0.0f, 0.0f }, { 0.0f, 0.0f, 0.0f, 0.0f } };
        float cbOdd[2][4] = { { 0.0f, 0.0f, 0.0f, 0.0f }, { 0.0f, 0.0f, 0.0f, 0.0f } };
#pragma unroll
        for (int kn = 0; kn < 8; kn++)
        {
            if (kn < nt)
            {
                unsigned int bf[4];
                ldsm_x4(bf, bAddress + (unsigned int)((s0 * ldB + 16 * kn) * 2));
                float (*into)[4] = kn % 2 == 0 ? cb : cbOdd;
                mma_16816_bf16(into[0], cf[kn], bf[0], bf[1]);
                mma_16816_bf16(into[1], cf[kn], bf[2], bf[3]);
            }
        }
#pragma unroll
        for (int k = 0; k < 4; k++)
        {
            cb[0][k] += cbOdd[0][k];
            cb[1][k] += cbOdd[1][k];
        }
        int s = s0 + 2 * tig;
        unsigned int a[4] = { ssd_m_pair(cb[0][0], cb[0][1], r0, s, cum0, sCum, sDt), ssd_m_pair(cb[0][2], cb[0][3], r1, s, cum1, sCum, sDt),
                              ssd_m_pair(cb[1][0], cb[1][1], r0, s + 8, cum0, sCum, sDt), ssd_m_pair(cb[1][2], cb[1][3], r1, s + 8, cum1, sCum, sDt) };
        mma_row_tiles<PT>(acc, a, xAddress + (unsigned int)(s0 * ldX * 2));
    }

    float e0 = __expf(cum0), e1 = __expf(cum1);
#pragma unroll
    for (int kn = 0; kn < 8; kn++)
    {
        if (kn >= nt) continue;
        unsigned int a[4] = { bf16_pair_scaled(cf[kn][0], e0, e0), bf16_pair_scaled(cf[kn][1], e1, e1),
                              bf16_pair_scaled(cf[kn][2], e0, e0), bf16_pair_scaled(cf[kn][3], e1, e1) };
        mma_row_tiles<PT>(acc, a, xAddress + (unsigned int)((Q + 16 * kn) * ldX * 2));
    }

    // Epilogue: y = acc + D·x in fp32, one rounding, staged over the X rows (every warp is done reading them).
    __syncthreads();
    float dh = dskip[h];
#pragma unroll
    for (int j = 0; j < PT; j++)
    {
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
        if (l < valid) *(uint4*)(y + ((t0 + l) * H + h) * P + 8 * j) = *(const uint4*)(sX + l * ldX + 8 * j);
    }
}

// Entry points by head dim (P = 8·PT), each named in full (KernelCompiler.KernelNames lists kernels by their
// declarations); 2 blocks of 8 warps fit an SM at P = 80, N = 128.
#define SSD_STATES_PARAMS float* states, const bf16_t* x, long long xs, const bf16_t* b, long long bs, const float* dt, const float* cum, \
    int len, int H, int G, int N, int Q, int wide
#define SSD_STATES_ARGS states, x, xs, b, bs, dt, cum, len, H, G, N, Q, wide
#define SSD_OUT_PARAMS bf16_t* y, const bf16_t* x, long long xs, const bf16_t* b, long long bs, const bf16_t* c, long long cs, const bf16_t* sIn, \
    const float* dt, const float* cum, const float* d, int len, int H, int G, int N, int Q, int wide
#define SSD_OUT_ARGS y, x, xs, b, bs, c, cs, sIn, dt, cum, d, len, H, G, N, Q, wide
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_states_p16_bf16(SSD_STATES_PARAMS) { ssd_states<2>(SSD_STATES_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_states_p32_bf16(SSD_STATES_PARAMS) { ssd_states<4>(SSD_STATES_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_states_p64_bf16(SSD_STATES_PARAMS) { ssd_states<8>(SSD_STATES_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_states_p80_bf16(SSD_STATES_PARAMS) { ssd_states<10>(SSD_STATES_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_states_p128_bf16(SSD_STATES_PARAMS) { ssd_states<16>(SSD_STATES_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_out_p16_bf16(SSD_OUT_PARAMS) { ssd_out<2>(SSD_OUT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_out_p32_bf16(SSD_OUT_PARAMS) { ssd_out<4>(SSD_OUT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_out_p64_bf16(SSD_OUT_PARAMS) { ssd_out<8>(SSD_OUT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_out_p80_bf16(SSD_OUT_PARAMS) { ssd_out<10>(SSD_OUT_ARGS); }
extern "C" __global__ void __launch_bounds__(256, 2) t_ssd_out_p128_bf16(SSD_OUT_PARAMS) { ssd_out<16>(SSD_OUT_ARGS); }

// The stateful method's default Mamba score (implicit attention, no decay, |·|; TorchBackend.ImplicitAttention) in
// one kernel, for the visual columns j ∈ [colStart, colStart + V):
//   score_j = Σ_g (Σ_{h ∈ g} |dt_jh|) · Σ_{q : row_q ≥ j} |C_{row_q, g} · B_{j, g}|
// (|C·B·dt| = |C·B|·|dt|, so a group's heads share one dot product). Same fp32 maths as the composite (~15 libtorch
// ops), summed in another order.
// b, c: [T, G·N] column slices of the convolved xBC (row strides bs, cs; columns contiguous); dt: [T, H] fp32 with row
// stride dts (H = G·Hg, a group's heads adjacent); rows: [Q] query rows; out: [V] fp32.
// Block: IA_COLS columns (lane = column) × IA_WARPS warps; in round r, warp w takes group g = r·IA_WARPS + w, so every
// thread owns one (column, group) pair and its dot products are independent (the previous kernel's one query per warp
// through shared memory was a serial chain: ~35 µs even for a handful of columns on an H200). Queries go in batches of
// qb (≤ IA_QB, chosen by the host to fit shared memory) whose C rows for the round's groups are staged in dynamic shared
// memory as fp32 [qb][IA_WARPS][N] and read by a warp's lanes as broadcasts; B streams from global memory. B and C go
// 16 bytes per load where their rows allow (vec: N % 8 == 0, rows and bases 16-byte aligned).
#define IA_COLS 32
#define IA_WARPS 8
#define IA_QB 8
// Eight consecutive elements from a 16-byte aligned address, as fp32 (vec: N % 8 == 0, rows and base 16-byte aligned).
__device__ __forceinline__ void load8(const bf16_t* p, float* v) { unpack8_bf16(*(const uint4*)p, v); }
__device__ __forceinline__ void load8(const float* p, float* v)
{
    uint4 lo = ((const uint4*)p)[0], hi = ((const uint4*)p)[1];
    v[0] = __uint_as_float(lo.x); v[1] = __uint_as_float(lo.y); v[2] = __uint_as_float(lo.z); v[3] = __uint_as_float(lo.w);
    v[4] = __uint_as_float(hi.x); v[5] = __uint_as_float(hi.y); v[6] = __uint_as_float(hi.z); v[7] = __uint_as_float(hi.w);
}
template <typename D> __device__ void implicit_nodecay_abs(float* __restrict__ out, const typename D::T* __restrict__ b, long long bs,
    const typename D::T* __restrict__ c, long long cs, const float* __restrict__ dt, long long dts, const long long* __restrict__ rows,
    int Q, int colStart, int V, int G, int N, int Hg, int qb, int vec)
{
    extern __shared__ float cTile[];             // [qb][IA_WARPS][N]
    __shared__ float partial[IA_WARPS][IA_COLS]; // [warp][column]
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int j = blockIdx.x * IA_COLS + lane;
    bool live = j < V;
    long long col = (long long)colStart + j;
    int tile = IA_WARPS * N;
    float total = 0.0f;                          // this thread's groups' share of score_j
    for (int g0 = 0; g0 < G; g0 += IA_WARPS)     // the same rounds in every warp: the batches below synchronise
    {
        int g = g0 + warp;
        bool active = live && g < G;
        const typename D::T* br = b + col * bs + (long long)g * N;
        float acc = 0.0f;                        // Σ over the queries of |C_q,g · B_j,g|
        for (int q0 = 0; q0 < Q; q0 += qb)
        {
            int nq = imin(qb, Q - q0);
            __syncthreads();                     // the previous batch's tile is consumed
            if (vec)
            {
                // Eight consecutive elements (one query row, one group: N % 8 == 0) per 16-byte load, the few loads of
                // a thread independent (one element at a time, each load waited for the one before it: ~30 µs even
                // for a handful of columns).
#pragma unroll 4
                for (int e = threadIdx.x * 8; e < nq * tile; e += blockDim.x * 8)
                {
                    int q = e / tile, k = e - q * tile, w = k / N;
                    if (g0 + w < G)
                    {
                        load8(c + rows[q0 + q] * cs + (long long)(g0 + w) * N + (k - w * N), cTile + e);
                    }
                    else
                    {
#pragma unroll
                        for (int u = 0; u < 8; u++) cTile[e + u] = 0.0f;
                    }
                }
            }
            else
            {
                for (int e = threadIdx.x; e < nq * tile; e += blockDim.x)
                {
                    int q = e / tile, k = e - q * tile, w = k / N;
                    cTile[e] = g0 + w < G ? D::ld(c, rows[q0 + q] * cs + (long long)(g0 + w) * N + (k - w * N)) : 0.0f;
                }
            }
            __syncthreads();
            if (!active) continue;
            float dot[IA_QB];
#pragma unroll
            for (int q = 0; q < IA_QB; q++) dot[q] = 0.0f;
            const float* cw = cTile + warp * N;
            if (vec)
            {
                // B's row segment 16 bytes per load, all loads independent (scalar loads of 32 rows per warp went
                // to L2 one dependent access at a time: the shared tiles leave L1 little room).
                for (int n0 = 0; n0 < N; n0 += 8)
                {
                    float bv[8];
                    load8(br + n0, bv);
#pragma unroll
                    for (int u = 0; u < 8; u++)
                    {
#pragma unroll
                        for (int q = 0; q < IA_QB; q++) if (q < nq) dot[q] += cw[q * tile + n0 + u] * bv[u];
                    }
                }
            }
            else
            {
                for (int n = 0; n < N; n++)
                {
                    float bv = D::ld(br, n);
#pragma unroll
                    for (int q = 0; q < IA_QB; q++) if (q < nq) dot[q] += cw[q * tile + n] * bv;
                }
            }
#pragma unroll
            for (int q = 0; q < IA_QB; q++) if (q < nq && rows[q0 + q] >= col) acc += fabsf(dot[q]);
        }
        if (active)
        {
            float wg = 0.0f;
#pragma unroll 4
            for (int h = 0; h < Hg; h++) wg += fabsf(dt[col * dts + (long long)g * Hg + h]);
            total += acc * wg;
        }
    }
    partial[warp][lane] = total;
    __syncthreads();
    if (warp == 0 && live)
    {
        float s = 0.0f;
        for (int w = 0; w < IA_WARPS; w++) s += partial[w][lane];
        out[j] = s;
    }
}
extern "C" __global__ void __launch_bounds__(256) t_implicit_nodecay_abs_f32(float* out, const float* b, long long bs, const float* c, long long cs,
    const float* dt, long long dts, const long long* rows, int Q, int colStart, int V, int G, int N, int Hg, int qb, int vec)
{ implicit_nodecay_abs<F32>(out, b, bs, c, cs, dt, dts, rows, Q, colStart, V, G, N, Hg, qb, vec); }
extern "C" __global__ void __launch_bounds__(256) t_implicit_nodecay_abs_bf16(float* out, const bf16_t* b, long long bs, const bf16_t* c, long long cs,
    const float* dt, long long dts, const long long* rows, int Q, int colStart, int V, int G, int N, int Hg, int qb, int vec)
{ implicit_nodecay_abs<BF16>(out, b, bs, c, cs, dt, dts, rows, Q, colStart, V, G, N, Hg, qb, vec); }

// Mamba2's dt (TorchBackend.DtSoftplus): out [T, H] fp32 = clamp(softplus(raw + bias[h]), lo, hi), softplus as torch's
// (linear above 20), raw read in place as the in-projection's column slice (row stride rs), bias in the weights' type.
// One launch where the composite took five (two casts, the add, softplus, clamp) per Mamba layer; the same fp32 maths.
template <typename D> __device__ void dt_softplus(float* __restrict__ out, const typename D::T* __restrict__ raw, long long rs,
    const typename D::T* __restrict__ bias, long long T, int H, float lo, float hi)
{
    GRID_STRIDE(i, T * H)
    {
        long long t = i / H; int h = (int)(i - t * H);
        float v = D::ld(raw, t * rs + h) + D::ld(bias, h);
        float sp = v > 20.0f ? v : log1pf(expf(v));
        out[i] = sp < lo ? lo : sp > hi ? hi : sp;   // NaN stays NaN, as torch's clamp
    }
}
extern "C" __global__ void __launch_bounds__(256) t_dt_softplus_f32(float* out, const float* raw, long long rs, const float* bias, long long T, int H, float lo, float hi)
{ dt_softplus<F32>(out, raw, rs, bias, T, H, lo, hi); }
extern "C" __global__ void __launch_bounds__(256) t_dt_softplus_bf16(float* out, const bf16_t* raw, long long rs, const bf16_t* bias, long long T, int H, float lo, float hi)
{ dt_softplus<BF16>(out, raw, rs, bias, T, H, lo, hi); }

// CompactRows in one pass (TorchBackend.CompactRows): output row r is input row src(r) — the rows before the run as
// they are, the run's kept rows start + kept[r − start] (kept: ascending I32 [k]), the rows after it shifted up by
// count − k. Rows move 16 bytes per thread, whatever the dtype (caller: row bytes % 16 == 0, both 16-byte aligned).
// The composite (index_select of the run, then cat with the rows around it) moves the kept rows twice in two launches,
// and the short path compacts the hidden states after every layer it prunes at (51 of 62 for stateful's ramp).
// Input row of compacted row r: the rows before the run as they are, then the run's kept rows, then the rest shifted up.
__device__ __forceinline__ long long compacted_source(long long r, const int* __restrict__ kept, int start, int count, int k)
{
    return r < start ? r : r < start + k ? start + kept[r - start] : r + (count - k);
}
extern "C" __global__ void __launch_bounds__(256) t_compact_rows16(uint4* __restrict__ out, const uint4* __restrict__ x, const int* __restrict__ kept,
    int start, int count, int k, long long outRows, int rowVectors)
{
    GRID_STRIDE(i, outRows * rowVectors)
    {
        long long r = i / rowVectors;
        out[i] = x[compacted_source(r, kept, start, count, k) * rowVectors + (i - r * rowVectors)];
    }
}

// A layer's last residual add fused with the short path's compaction (TorchBackend.AddCompactRows): output row r is
// x[s] + y[s] with s = src(r) as in t_compact_rows16, rounded as torch's add_ rounds (fp32 sum, then bf16). 16 bytes
// per thread: eight bf16 or four fp32 (caller: row bytes % 16 == 0, all three 16-byte aligned). Only the k kept rows
// of the visual run are read and written; the add in place and the compaction after it read 2T rows, wrote T, then
// moved the kept k again.
extern "C" __global__ void __launch_bounds__(256) t_add_compact_rows16_bf16(uint4* __restrict__ out, const uint4* __restrict__ x,
    const uint4* __restrict__ y, const int* __restrict__ kept, int start, int count, int k, long long outRows, int rowVectors)
{
    GRID_STRIDE(i, outRows * rowVectors)
    {
        long long r = i / rowVectors;
        long long at = compacted_source(r, kept, start, count, k) * rowVectors + (i - r * rowVectors);
        float a[8], b[8];
        unpack8_bf16(x[at], a);
        unpack8_bf16(y[at], b);
#pragma unroll
        for (int e = 0; e < 8; e++) a[e] += b[e];
        out[i] = pack8_bf16(a);
    }
}
extern "C" __global__ void __launch_bounds__(256) t_add_compact_rows16_f32(uint4* __restrict__ out, const uint4* __restrict__ x,
    const uint4* __restrict__ y, const int* __restrict__ kept, int start, int count, int k, long long outRows, int rowVectors)
{
    GRID_STRIDE(i, outRows * rowVectors)
    {
        long long r = i / rowVectors;
        long long at = compacted_source(r, kept, start, count, k) * rowVectors + (i - r * rowVectors);
        uint4 a = x[at], b = y[at], o;
        o.x = __float_as_uint(__uint_as_float(a.x) + __uint_as_float(b.x));
        o.y = __float_as_uint(__uint_as_float(a.y) + __uint_as_float(b.y));
        o.z = __float_as_uint(__uint_as_float(a.z) + __uint_as_float(b.z));
        o.w = __float_as_uint(__uint_as_float(a.w) + __uint_as_float(b.w));
        out[i] = o;
    }
}
