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
