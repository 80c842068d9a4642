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
template <typename D> __device__ void gated_rms_norm(typename D::T* out, const typename D::T* x, long long xStride, const typename D::T* g,
                                                     long long gStride, const typename D::T* w, int I, int groupSize, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    int c0 = blockIdx.y * groupSize;
    float ss = 0.0f;
    for (int c = threadIdx.x; c < groupSize; c += blockDim.x)
    {
        float h = D::ld(x, row * xStride + c0 + c) * silu(D::ld(g, row * gStride + c0 + c));
        ss += h * h;
    }
    ss = block_sum(ss, scratch);
    float inv = rsqrtf(ss / groupSize + eps);
    for (int c = threadIdx.x; c < groupSize; c += blockDim.x)
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
template <typename D> __device__ void rope(typename D::T* x, const int* pos, const float* invFreq, int T, int H, int d)
{
    int half = d / 2;
    GRID_STRIDE(i, (long long)T * H * half)
    {
        long long t = i / ((long long)H * half);
        int k = (int)(i % half);
        long long base = (i / half) * d; // row (t, h)
        float angle = (float)pos[t] * invFreq[k];
        float c = D::round(cosf(angle)), s = D::round(sinf(angle));
        float x1 = D::ld(x, base + k), x2 = D::ld(x, base + k + half);
        D::st(x, base + k, D::round(x1 * c) + D::round(-x2 * s));
        D::st(x, base + k + half, D::round(x2 * c) + D::round(x1 * s));
    }
}
extern "C" __global__ void t_rope_f32(float* x, const int* pos, const float* f, int T, int H, int d) { rope<F32>(x, pos, f, T, H, d); }
extern "C" __global__ void t_rope_bf16(bf16_t* x, const int* pos, const float* f, int T, int H, int d) { rope<BF16>(x, pos, f, T, H, d); }

// Depthwise causal conv1d + SiLU over x [T, C] (rows xStride apart) with weight [C, K], optional bias [C]; the left
// context is state [C, K−1] (oldest first). fp32 accumulation, conv output rounded, then SiLU (as conv1d → silu).
template <typename D> __device__ void conv_silu(typename D::T* out, const typename D::T* x, long long xStride, const typename D::T* state,
                                                const typename D::T* w, const typename D::T* bias, int T, int C, int K)
{
    GRID_STRIDE(i, (long long)T * C)
    {
        long long t = i / C;
        int c = (int)(i % C);
        float acc = bias ? D::ld(bias, c) : 0.0f;
        for (int j = 0; j < K; j++)
        {
            long long s = t - (K - 1) + j;
            float v = s >= 0 ? D::ld(x, s * xStride + c) : D::ld(state, (long long)c * (K - 1) + (K - 1) + s);
            acc += D::ld(w, (long long)c * K + j) * v;
        }
        D::st(out, i, silu(D::round(acc)));
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

// SSD inside each chunk (fp32): y[c, l, h, p] = Σ_{s ≤ l} cb[c, g, l, s] · exp(cum[c, h, l] − cum[c, h, s]) · xdt[c, s, h, p]
// with cb = C·Bᵀ per group [nc, G, Q, Q], cum the in-chunk cumulative A·dt [nc, H, Q], xdt = x·dt [nc, Q, H, P].
// Block (c, h); x·dt of the chunk and cum in shared memory; a task is (row l, 8 columns of P). Never forms the
// decayed [Q, Q] matrix per head in device memory (the composite's largest tensor). P must be a multiple of 8.
extern "C" __global__ void t_ssd_diag(float* y, const float* cb, const float* cum, const float* xdt, int Q, int H, int G, int P)
{
    extern __shared__ float sm[];
    float* xs = sm;          // [Q, P]
    float* cs = sm + Q * P;  // [Q]
    int c = blockIdx.x, h = blockIdx.y, g = h / (H / G);
    for (int i = threadIdx.x; i < Q * P; i += blockDim.x)
    {
        int s = i / P, p = i % P;
        xs[i] = xdt[(((long long)c * Q + s) * H + h) * P + p];
    }
    for (int i = threadIdx.x; i < Q; i += blockDim.x) cs[i] = cum[((long long)c * H + h) * Q + i];
    __syncthreads();
    int segs = P / 8;
    const float* cbc = cb + ((long long)c * G + g) * Q * Q;
    for (int task = threadIdx.x; task < Q * segs; task += blockDim.x)
    {
        int l = task / segs, p0 = (task % segs) * 8;
        float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        float cl = cs[l];
        for (int s = 0; s <= l; s++)
        {
            float m = cbc[(long long)l * Q + s] * expf(cl - cs[s]);
            const float* xr = xs + s * P + p0;
#pragma unroll
            for (int k = 0; k < 8; k++) acc[k] += m * xr[k];
        }
        float* yr = y + (((long long)c * Q + l) * H + h) * P + p0;
#pragma unroll
        for (int k = 0; k < 8; k++) yr[k] = acc[k];
    }
}
