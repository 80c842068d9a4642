// Causal attention with GQA, tiled flash-style (online softmax): a block owns BQ query rows of one query
// head and streams key/value tiles of BK rows through shared memory, so memory is O(BQ·d) per block and
// never grows with Tq·kvLength. fp32 throughout.

#define BQ 32
#define BK 32
#define ATT_THREADS 256
#define MAX_D 256

// Dynamic shared memory floats: sQ[BQ][d] + sK[BK][d+1] + sV[BK][d] + sS[BQ][BK+1] + alpha[BQ] + l[BQ].
// q [Tq, Hq, d]; k, v [capacity, Hkv, d]; keyBias [capacity] or null; out [Tq, Hq, d].
// Query t sits at cache row queryOffset + t and sees keys 0 .. imin(queryOffset + t, kvLength - 1).
extern "C" __global__ void flash_attention(
    float* out, const float* q, const float* k, const float* v, const float* keyBias,
    int Tq, int Hq, int Hkv, int d, int kvLength, int queryOffset, float scale)
{
    extern __shared__ float sm[];
    float* sQ = sm;
    float* sK = sQ + BQ * d;
    float* sV = sK + BK * (d + 1);
    float* sS = sV + BK * d;
    float* sAlpha = sS + BQ * (BK + 1);
    float* sL = sAlpha + BQ;

    int h = blockIdx.y, kvh = h / (Hq / Hkv);
    int q0 = blockIdx.x * BQ;
    int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    long long qStride = (long long)Hq * d, kStride = (long long)Hkv * d;

    for (int i = tid; i < BQ * d; i += ATT_THREADS)
    {
        int r = i / d, c = i - r * d, t = q0 + r;
        sQ[i] = t < Tq ? q[t * qStride + (long long)h * d + c] : 0.0f;
    }

    // Softmax state of rows warp*4 .. warp*4+3 (BQ / 8 warps), replicated in every lane of the warp.
    float m[BQ / 8], l[BQ / 8];
#pragma unroll
    for (int r = 0; r < BQ / 8; r++) { m[r] = NEG_INF; l[r] = 0.0f; }

    // Output accumulator: thread owns row tid/8, columns cg + 8·j.
    int orow = tid >> 3, cg = tid & 7;
    float acc[MAX_D / 8];
#pragma unroll
    for (int j = 0; j < MAX_D / 8; j++) acc[j] = 0.0f;

    int lastRow = imin(q0 + BQ, Tq) - 1;
    int lastKey = imin(queryOffset + lastRow, kvLength - 1);
    for (int k0 = 0; k0 <= lastKey; k0 += BK)
    {
        __syncthreads();
        for (int i = tid; i < BK * d; i += ATT_THREADS)
        {
            int r = i / d, c = i - r * d, j = k0 + r;
            bool ok = j <= lastKey;
            sK[r * (d + 1) + c] = ok ? k[j * kStride + (long long)kvh * d + c] : 0.0f;
            sV[i] = ok ? v[j * kStride + (long long)kvh * d + c] : 0.0f;
        }
        __syncthreads();

        for (int e = tid; e < BQ * BK; e += ATT_THREADS)
        {
            int r = e / BK, c = e - r * BK, j = k0 + c;
            int limit = imin(queryOffset + q0 + r, kvLength - 1);
            float s = NEG_INF;
            if (q0 + r < Tq && j <= limit)
            {
                float dot = 0.0f;
                for (int x = 0; x < d; x++) dot += sQ[r * d + x] * sK[c * (d + 1) + x];
                s = dot * scale + (keyBias ? keyBias[j] : 0.0f);
            }
            sS[r * (BK + 1) + c] = s;
        }
        __syncthreads();

#pragma unroll
        for (int rr = 0; rr < BQ / 8; rr++)
        {
            int r = warp * (BQ / 8) + rr;
            float s = sS[r * (BK + 1) + lane];
            float mNew = fmaxf(m[rr], warp_max(s));
            float p = 0.0f, alpha = 1.0f;
            if (mNew != NEG_INF)
            {
                p = expf(s - mNew);
                alpha = expf(m[rr] - mNew);
            }
            l[rr] = l[rr] * alpha + warp_sum(p);
            m[rr] = mNew;
            sS[r * (BK + 1) + lane] = p;
            if (lane == 0) sAlpha[r] = alpha;
        }
        __syncthreads();

        float alpha = sAlpha[orow];
#pragma unroll
        for (int j = 0; j < MAX_D / 8; j++) acc[j] *= alpha;
        for (int c = 0; c < BK; c++)
        {
            float p = sS[orow * (BK + 1) + c];
#pragma unroll
            for (int j = 0; j < MAX_D / 8; j++)
            {
                int col = cg + 8 * j;
                if (col < d) acc[j] += p * sV[c * d + col];
            }
        }
    }

    if (lane == 0)
    {
#pragma unroll
        for (int rr = 0; rr < BQ / 8; rr++) sL[warp * (BQ / 8) + rr] = l[rr];
    }
    __syncthreads();

    int t = q0 + orow;
    if (t < Tq)
    {
        float lr = sL[orow];
        float inv = lr > 0.0f ? 1.0f / lr : 0.0f;
#pragma unroll
        for (int j = 0; j < MAX_D / 8; j++)
        {
            int col = cg + 8 * j;
            if (col < d) out[t * qStride + (long long)h * d + col] = acc[j] * inv;
        }
    }
}

// ---- tensor-core flash attention (FlashAttention-2 style) ----
// bf16 operands on the tensor cores through mma.sync m16n8k16 (sm_80+; the body is empty below that and the
// backend then never launches it), fp32 accumulators and an fp32 online softmax in the exp2 domain.
// A block of 4 warps owns TC_BQ = 64 query rows of one query head (each warp 16 rows, held as A fragments in
// registers for the whole key loop) and streams key/value tiles of TC_BK = 64 rows through shared memory,
// converting the fp32 cache rows to bf16 on the way in; the head size is zero-padded to DP (a multiple of 16).
// Memory is O(tile) per block, never Tq·kvLength. P is rounded to bf16 for P·V and the row sums l add the
// same rounded values, so each output row is an exact convex combination of the (bf16) value rows.
// Requirements checked by the backend: d a multiple of 8, d <= DP <= 128, 16-byte aligned q/k/v.

#define TC_BQ 64
#define TC_BK 64
#define TC_THREADS 128
#define TC_PAD 8
#define LOG2E 1.4426950408889634f

struct alignas(16) att_f4 { float x, y, z, w; };
struct alignas(8) att_u2 { unsigned int x, y; };

#if __CUDA_ARCH__ >= 800
// Two floats rounded to nearest-even bf16, lo in the low half (the element with the lower index).
__device__ __forceinline__ unsigned int pack_bf16x2(float lo, float hi)
{
    unsigned int r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

// c[16×8] += a[16×16] · b[16×8]; fragments as the PTX ISA lays them out for m16n8k16 (g = lane/4, t = lane%4):
// a0 (row g, cols 2t,2t+1), a1 (row g+8, same), a2 (row g, cols 2t+8,+9), a3 (row g+8, same);
// b0 (k 2t,2t+1; n g), b1 (k 2t+8,+9; n g); c0,c1 (row g, cols 2t,2t+1), c2,c3 (row g+8, same).
__device__ __forceinline__ void mma_bf16_16816(float* c, unsigned int a0, unsigned int a1, unsigned int a2, unsigned int a3,
                                               unsigned int b0, unsigned int b1)
{
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
}

__device__ __forceinline__ float bf16_lo(unsigned int w) { return __uint_as_float(w << 16); }
__device__ __forceinline__ float bf16_hi(unsigned int w) { return __uint_as_float(w & 0xffff0000u); }

// Four consecutive fp32 values (16-byte aligned) as four bf16 into dst (8-byte aligned); zeros where `ok` is
// false (rows past the valid range, padding columns past d), without reading src.
__device__ __forceinline__ void load_bf16x4(unsigned short* dst, const float* src, bool ok)
{
    att_f4 x;
    x.x = x.y = x.z = x.w = 0.0f;
    if (ok) x = *(const att_f4*)src;
    att_u2 w;
    w.x = pack_bf16x2(x.x, x.y);
    w.y = pack_bf16x2(x.z, x.w);
    *(att_u2*)dst = w;
}
#endif

// q [Tq, Hq, d]; k, v [capacity, Hkv, d]; keyBias [capacity] or null; out [Tq, Hq, d].
// Query t sits at cache row queryOffset + t and sees keys 0 .. imin(queryOffset + t, kvLength - 1).
// scaleLog2 = log2(e)/√d. grid (ceil(Tq / 64), Hq), 128 threads, static shared memory.
template <int DP>
__device__ __forceinline__ void flash_attention_tc(
    float* out, const float* q, const float* k, const float* v, const float* keyBias,
    int Tq, int Hq, int Hkv, int d, int kvLength, int queryOffset, float scaleLog2)
{
#if __CUDA_ARCH__ >= 800
    constexpr int SK = DP + TC_PAD;   // row stride (bf16) of sK/sV: dims contiguous, +8 so fragment reads hit 32 banks
    // 8-byte words so that the bf16 arrays are aligned for the 8-byte stores of load_bf16x4.
    __shared__ unsigned long long sKWords[TC_BK * SK / 4];    // [key][dim] bf16; the Q tile [row][dim] before the key loop
    __shared__ unsigned long long sVWords[TC_BK * SK / 4];    // [key][dim] bf16
    __shared__ float sBias[TC_BK];                            // keyBias · log2(e), 0 past the last key
    unsigned short* sK = (unsigned short*)sKWords;
    unsigned short* sV = (unsigned short*)sVWords;

    int h = blockIdx.y, kvh = h / (Hq / Hkv);
    int q0 = (gridDim.x - 1 - blockIdx.x) * TC_BQ;             // longest (causal) tiles are scheduled first
    int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    int g = lane >> 2, t4 = lane & 3;
    long long qStride = (long long)Hq * d, kStride = (long long)Hkv * d;
    const float* qh = q + (long long)h * d;
    const float* kh = k + (long long)kvh * d;
    const float* vh = v + (long long)kvh * d;

    // Q tile [64, DP] as bf16; rows past Tq and dims past d are zero.
    for (int i = tid; i < TC_BQ * (DP / 4); i += TC_THREADS)
    {
        int r = i / (DP / 4), c = (i - r * (DP / 4)) * 4, t = q0 + r;
        load_bf16x4(sK + r * SK + c, qh + t * qStride + c, t < Tq && c < d);
    }
    __syncthreads();

    // This warp's 16 query rows as A fragments, one per 16-wide slice of the head.
    unsigned int qa[DP / 16][4];
    {
        const unsigned short* qw = sK + warp * 16 * SK + t4 * 2;
#pragma unroll
        for (int kk = 0; kk < DP / 16; kk++)
        {
            qa[kk][0] = *(const unsigned int*)(qw + g * SK + kk * 16);
            qa[kk][1] = *(const unsigned int*)(qw + (g + 8) * SK + kk * 16);
            qa[kk][2] = *(const unsigned int*)(qw + g * SK + kk * 16 + 8);
            qa[kk][3] = *(const unsigned int*)(qw + (g + 8) * SK + kk * 16 + 8);
        }
    }

    // Output accumulator [16 rows, DP] as C fragments; softmax state of rows A = g and B = g + 8 of the warp
    // (replicated in the 4 lanes of a quad; l is this lane's partial sum over its columns).
    float o[DP / 8][4];
#pragma unroll
    for (int n = 0; n < DP / 8; n++) o[n][0] = o[n][1] = o[n][2] = o[n][3] = 0.0f;
    float mA = NEG_INF, mB = NEG_INF, lA = 0.0f, lB = 0.0f;

    int lastRow = imin(q0 + TC_BQ, Tq) - 1;
    int lastKey = imin(queryOffset + lastRow, kvLength - 1);
    int rowA = q0 + warp * 16 + g, rowB = rowA + 8;
    int limitA = imin(queryOffset + rowA, lastKey), limitB = imin(queryOffset + rowB, lastKey);
    int warpMinLimit = imin(queryOffset + q0 + warp * 16, lastKey);
    int warpMaxLimit = imin(queryOffset + q0 + warp * 16 + 15, lastKey);

    for (int k0 = 0; k0 <= lastKey; k0 += TC_BK)
    {
        __syncthreads();   // the previous tile (or the Q tile) is fully read
#pragma unroll 4
        for (int i = tid; i < TC_BK * (DP / 4); i += TC_THREADS)
        {
            int r = i / (DP / 4), c = (i - r * (DP / 4)) * 4, j = k0 + r;
            bool ok = j <= lastKey && c < d;
            long long at = j * kStride + c;
            load_bf16x4(sK + r * SK + c, kh + at, ok);
            load_bf16x4(sV + r * SK + c, vh + at, ok);
        }
        if (tid < TC_BK)
        {
            int j = k0 + tid;
            sBias[tid] = keyBias && j <= lastKey ? keyBias[j] * LOG2E : 0.0f;
        }
        __syncthreads();
        if (k0 > warpMaxLimit) continue;   // every key of the tile lies past this warp's rows (still joins the loads)

        // S = Q·Kᵀ [16, 64] for this warp: 8 C fragments of 8 keys.
        float s[TC_BK / 8][4];
#pragma unroll
        for (int n = 0; n < TC_BK / 8; n++) s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
#pragma unroll
        for (int kk = 0; kk < DP / 16; kk++)
        {
#pragma unroll
            for (int n = 0; n < TC_BK / 8; n++)
            {
                const unsigned short* kr = sK + (n * 8 + g) * SK + kk * 16 + t4 * 2;
                mma_bf16_16816(s[n], qa[kk][0], qa[kk][1], qa[kk][2], qa[kk][3],
                               *(const unsigned int*)kr, *(const unsigned int*)(kr + 8));
            }
        }

        // Logits in the log2 domain, bias added and the causal mask applied per element (only tiles that
        // reach past the warp's first row need it), then the running max of rows A and B.
        bool masked = k0 + TC_BK - 1 > warpMinLimit;
        float xA = NEG_INF, xB = NEG_INF;
#pragma unroll
        for (int n = 0; n < TC_BK / 8; n++)
        {
#pragma unroll
            for (int e = 0; e < 2; e++)
            {
                int j = n * 8 + t4 * 2 + e;
                float b = sBias[j];
                float a0 = s[n][e] * scaleLog2 + b, b0 = s[n][2 + e] * scaleLog2 + b;
                if (masked)
                {
                    if (k0 + j > limitA) a0 = NEG_INF;
                    if (k0 + j > limitB) b0 = NEG_INF;
                }
                s[n][e] = a0;
                s[n][2 + e] = b0;
                xA = fmaxf(xA, a0);
                xB = fmaxf(xB, b0);
            }
        }
        xA = fmaxf(xA, __shfl_xor_sync(0xffffffffu, xA, 1));
        xA = fmaxf(xA, __shfl_xor_sync(0xffffffffu, xA, 2));
        xB = fmaxf(xB, __shfl_xor_sync(0xffffffffu, xB, 1));
        xB = fmaxf(xB, __shfl_xor_sync(0xffffffffu, xB, 2));
        // Key 0 is in every row's first tile, so the new max is finite and exp2(-inf - m) is 0.
        float nA = fmaxf(mA, xA), nB = fmaxf(mB, xB);
        float alphaA = exp2f(mA - nA), alphaB = exp2f(mB - nB);
        mA = nA;
        mB = nB;
        lA *= alphaA;
        lB *= alphaB;
#pragma unroll
        for (int n = 0; n < DP / 8; n++)
        {
            o[n][0] *= alphaA; o[n][1] *= alphaA;
            o[n][2] *= alphaB; o[n][3] *= alphaB;
        }

        // O += P·V, 16 keys at a time: the C fragments of key groups 2kk and 2kk+1 are exactly the A fragment
        // of P; V's B fragment (k = key, n = dim) pairs two key rows, read as 16-bit words.
#pragma unroll
        for (int kk = 0; kk < TC_BK / 16; kk++)
        {
            unsigned int p0 = pack_bf16x2(exp2f(s[2 * kk][0] - mA), exp2f(s[2 * kk][1] - mA));
            unsigned int p1 = pack_bf16x2(exp2f(s[2 * kk][2] - mB), exp2f(s[2 * kk][3] - mB));
            unsigned int p2 = pack_bf16x2(exp2f(s[2 * kk + 1][0] - mA), exp2f(s[2 * kk + 1][1] - mA));
            unsigned int p3 = pack_bf16x2(exp2f(s[2 * kk + 1][2] - mB), exp2f(s[2 * kk + 1][3] - mB));
            lA += (bf16_lo(p0) + bf16_hi(p0)) + (bf16_lo(p2) + bf16_hi(p2));
            lB += (bf16_lo(p1) + bf16_hi(p1)) + (bf16_lo(p3) + bf16_hi(p3));
            const unsigned short* vr = sV + (kk * 16 + t4 * 2) * SK + g;
#pragma unroll
            for (int n = 0; n < DP / 8; n++)
            {
                const unsigned short* vn = vr + n * 8;
                unsigned int b0 = (unsigned int)vn[0] | ((unsigned int)vn[SK] << 16);
                unsigned int b1 = (unsigned int)vn[8 * SK] | ((unsigned int)vn[9 * SK] << 16);
                mma_bf16_16816(o[n], p0, p1, p2, p3, b0, b1);
            }
        }
    }

    lA += __shfl_xor_sync(0xffffffffu, lA, 1);
    lA += __shfl_xor_sync(0xffffffffu, lA, 2);
    lB += __shfl_xor_sync(0xffffffffu, lB, 1);
    lB += __shfl_xor_sync(0xffffffffu, lB, 2);
    float invA = lA > 0.0f ? 1.0f / lA : 0.0f, invB = lB > 0.0f ? 1.0f / lB : 0.0f;
#pragma unroll
    for (int n = 0; n < DP / 8; n++)
    {
        int c = n * 8 + t4 * 2;
        if (c < d)
        {
            if (rowA < Tq)
            {
                float* dst = out + rowA * qStride + (long long)h * d + c;
                dst[0] = o[n][0] * invA;
                dst[1] = o[n][1] * invA;
            }
            if (rowB < Tq)
            {
                float* dst = out + rowB * qStride + (long long)h * d + c;
                dst[0] = o[n][2] * invB;
                dst[1] = o[n][3] * invB;
            }
        }
    }
#endif
}

// One kernel per padded head size (the fragment arrays need it at compile time); the backend picks the
// smallest DP >= d. d % 8 == 0.
#define TC_PARAMS float* out, const float* q, const float* k, const float* v, const float* keyBias, \
    int Tq, int Hq, int Hkv, int d, int kvLength, int queryOffset, float scaleLog2
#define TC_ARGS out, q, k, v, keyBias, Tq, Hq, Hkv, d, kvLength, queryOffset, scaleLog2
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc16(TC_PARAMS) { flash_attention_tc<16>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc32(TC_PARAMS) { flash_attention_tc<32>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc48(TC_PARAMS) { flash_attention_tc<48>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc64(TC_PARAMS) { flash_attention_tc<64>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc80(TC_PARAMS) { flash_attention_tc<80>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc96(TC_PARAMS) { flash_attention_tc<96>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc112(TC_PARAMS) { flash_attention_tc<112>(TC_ARGS); }
extern "C" __global__ void __launch_bounds__(TC_THREADS) flash_attention_tc128(TC_PARAMS) { flash_attention_tc<128>(TC_ARGS); }

// ---- query-row attention signal: softmax over each full causal row, read at a window of key columns ----

// Pass 1: per (query i, head h) the row max and the sum of exp(s - max) over keys 0..rows[i].
// grid (Q, Hq), 256 threads; stats [Q, Hq, 2].
extern "C" __global__ void query_attention_stats(
    float* stats, const float* q, const float* k, const float* keyBias, const int* rows,
    int Hq, int Hkv, int d, float scale)
{
    __shared__ float sq[MAX_D];
    __shared__ float sm[ATT_THREADS], sl[ATT_THREADS];
    int i = blockIdx.x, h = blockIdx.y, kvh = h / (Hq / Hkv);
    for (int c = threadIdx.x; c < d; c += blockDim.x) sq[c] = q[((long long)i * Hq + h) * d + c];
    __syncthreads();
    float m = NEG_INF, l = 0.0f;
    int last = rows[i];
    for (int j = threadIdx.x; j <= last; j += blockDim.x)
    {
        const float* kr = k + ((long long)j * Hkv + kvh) * d;
        float dot = 0.0f;
        for (int c = 0; c < d; c++) dot += sq[c] * kr[c];
        float s = dot * scale + (keyBias ? keyBias[j] : 0.0f);
        float mNew = fmaxf(m, s);
        l = l * expf(m - mNew) + expf(s - mNew);
        m = mNew;
    }
    sm[threadIdx.x] = m; sl[threadIdx.x] = l;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1)
    {
        if (threadIdx.x < stride)
        {
            float m1 = sm[threadIdx.x], m2 = sm[threadIdx.x + stride];
            float mNew = fmaxf(m1, m2);
            float l1 = m1 == NEG_INF ? 0.0f : sl[threadIdx.x] * expf(m1 - mNew);
            float l2 = m2 == NEG_INF ? 0.0f : sl[threadIdx.x + stride] * expf(m2 - mNew);
            sm[threadIdx.x] = mNew; sl[threadIdx.x] = l1 + l2;
        }
        __syncthreads();
    }
    if (threadIdx.x == 0)
    {
        stats[((long long)i * Hq + h) * 2] = sm[0];
        stats[((long long)i * Hq + h) * 2 + 1] = sl[0];
    }
}

__device__ __forceinline__ float query_prob(
    const float* q, const float* k, const float* keyBias, const float* stats, const int* rows,
    int i, int h, int j, int Hq, int Hkv, int d, float scale)
{
    if (j > rows[i]) return 0.0f;
    int kvh = h / (Hq / Hkv);
    const float* qr = q + ((long long)i * Hq + h) * d;
    const float* kr = k + ((long long)j * Hkv + kvh) * d;
    float dot = 0.0f;
    for (int c = 0; c < d; c++) dot += qr[c] * kr[c];
    float s = dot * scale + (keyBias ? keyBias[j] : 0.0f);
    const float* st = stats + ((long long)i * Hq + h) * 2;
    return expf(s - st[0]) / st[1];
}

// Pass 2, per query: out [Hq, Q, colCount].
extern "C" __global__ void query_attention_probs(
    float* out, const float* q, const float* k, const float* keyBias, const float* stats, const int* rows,
    int Q, int Hq, int Hkv, int d, int colStart, int colCount, float scale)
{
    GRID_STRIDE(e, (long long)Hq * Q * colCount)
    {
        int c = (int)(e % colCount); long long hi = e / colCount;
        int i = (int)(hi % Q), h = (int)(hi / Q);
        out[e] = query_prob(q, k, keyBias, stats, rows, i, h, colStart + c, Hq, Hkv, d, scale);
    }
}

// Pass 2, mean over queries: out [Hq, colCount].
extern "C" __global__ void query_attention_mean(
    float* out, const float* q, const float* k, const float* keyBias, const float* stats, const int* rows,
    int Q, int Hq, int Hkv, int d, int colStart, int colCount, float scale)
{
    GRID_STRIDE(e, (long long)Hq * colCount)
    {
        int c = (int)(e % colCount), h = (int)(e / colCount);
        float sum = 0.0f;
        for (int i = 0; i < Q; i++) sum += query_prob(q, k, keyBias, stats, rows, i, h, colStart + c, Hq, Hkv, d, scale);
        out[e] = sum / Q;
    }
}
