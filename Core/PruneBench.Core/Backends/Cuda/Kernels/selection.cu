// Score selection for the short path (Abstractions.Scoring.ScorePruner on the device): head aggregation,
// inverse key norms, the running-score blend, top-k and compaction. CPU reference: CpuBackend.Selection.cs.

// out [V] = mean (useMax = 0, summed as x/H in head order like the CPU) or max over the H rows of x [H, V].
extern "C" __global__ void reduce_heads(float* out, const float* x, int H, long long V, int useMax)
{
    GRID_STRIDE(j, V)
    {
        float acc = useMax ? -3.402823466e38f : 0.0f;
        for (int h = 0; h < H; h++)
        {
            float v = x[(long long)h * V + j];
            acc = useMax ? fmaxf(acc, v) : acc + v / H;
        }
        out[j] = H == 0 ? 0.0f : acc;
    }
}

// One block per row r of x [R, heads * d]: out[r] = 1 / max(||mean_h x[r, h, :]||_2, 1e-30), fp32 sums.
extern "C" __global__ void inverse_head_mean_norms(float* out, const float* x, int heads, int d)
{
    __shared__ float scratch[32];
    const float* xr = x + (long long)blockIdx.x * heads * d;
    float ss = 0.0f;
    for (int i = threadIdx.x; i < d; i += blockDim.x)
    {
        float mean = 0.0f;
        for (int h = 0; h < heads; h++) mean += xr[h * d + i] / heads;
        ss += mean * mean;
    }
    ss = block_sum(ss, scratch);
    if (threadIdx.x == 0) out[blockIdx.x] = 1.0f / fmaxf(sqrtf(ss), 1e-30f);
}

// Sum over the block in fp64 (blockDim.x a power of two, at most 1024); every thread gets the total.
__device__ double block_sum_f64(double v, double* scratch)
{
    scratch[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x >> 1; s > 0; s >>= 1)
    {
        if (threadIdx.x < s) scratch[threadIdx.x] += scratch[threadIdx.x + s];
        __syncthreads();
    }
    double total = scratch[0];
    __syncthreads();
    return total;
}

// One block (1024 threads): out[i] = beta == 0 ? share : beta * running[i] + (1 - beta) * share, with
// share = (float)(current[i] / sum current) in fp64, or 1/n when the sum is not positive and finite
// (ScoreNormalization.Blend). running may be null when beta == 0.
extern "C" __global__ void blend_scores(float* out, const float* running, const float* current, long long n, float beta)
{
    __shared__ double scratch[1024];
    double local = 0.0;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) local += (double)current[i];
    double sum = block_sum_f64(local, scratch);
    // Not positive (or NaN), or +inf: no preference. Comparisons instead of isnan/isinf: NVRTC runs headerless here.
    bool uniform = !(sum > 0.0) || !(sum <= 1.7976931348623157e308);
    for (long long i = threadIdx.x; i < n; i += blockDim.x)
    {
        float share = uniform ? (float)(1.0 / (double)n) : (float)((double)current[i] / sum);
        out[i] = beta == 0.0f ? share : beta * running[i] + (1.0f - beta) * share;
    }
}

// A uint with the order of the float score: NaN lowest (0), -0 == +0 (TopKSelection's OrderedBits).
__device__ __forceinline__ unsigned int ordered_key(float v)
{
    if (v != v) return 0u; // NaN
    if (v == 0.0f) v = 0.0f;
    unsigned int bits = __float_as_uint(v);
    return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

// Exclusive prefix sum over the block (blockDim.x a multiple of 32, at most 1024); *total gets the block's sum.
// warpTotals: 32 ints of shared memory.
__device__ int block_exclusive_scan(int v, int* warpTotals, int* total)
{
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    int inclusive = v;
    for (int o = 1; o < 32; o <<= 1)
    {
        int y = __shfl_up_sync(0xffffffffu, inclusive, o);
        if (lane >= o) inclusive += y;
    }
    __syncthreads();
    if (lane == 31) warpTotals[warp] = inclusive;
    __syncthreads();
    if (warp == 0)
    {
        int t = lane < warps ? warpTotals[lane] : 0;
        int s = t;
        for (int o = 1; o < 32; o <<= 1)
        {
            int y = __shfl_up_sync(0xffffffffu, s, o);
            if (lane >= o) s += y;
        }
        if (lane < warps) warpTotals[lane] = s - t; // exclusive offset of each warp
        if (lane == warps - 1) *total = s;
    }
    __syncthreads();
    int result = warpTotals[warp] + inclusive - v;
    __syncthreads();
    return result;
}

// One block (1024 threads) selects the k highest of scores [n] (1 <= k <= n) and writes their indices ascending
// to out [k]. A radix select over the 32-bit ordered keys (4 passes of 8 bits) finds the k-th largest key T and
// how many keys equal to T are taken (the lowest-indexed ones: ties go to the lower index); a scan in index
// order then writes every index with key > T, or key == T within that count.
extern "C" __global__ void top_k_ascending(int* out, const float* scores, int n, int k)
{
    __shared__ int histogram[256];
    __shared__ unsigned int prefix, mask;
    __shared__ int remaining;
    __shared__ int warpTotals[32];
    __shared__ int chunkTotal;
    if (threadIdx.x == 0) { prefix = 0u; mask = 0u; remaining = k; }
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        for (int b = threadIdx.x; b < 256; b += blockDim.x) histogram[b] = 0;
        __syncthreads();
        for (int i = threadIdx.x; i < n; i += blockDim.x)
        {
            unsigned int key = ordered_key(scores[i]);
            if ((key & mask) == prefix) atomicAdd(&histogram[(key >> shift) & 255u], 1);
        }
        __syncthreads();
        if (threadIdx.x == 0)
        {
            int above = 0, b = 255;
            while (b > 0 && above + histogram[b] < remaining) { above += histogram[b]; b--; }
            remaining -= above;
            prefix |= (unsigned int)b << shift;
            mask |= 255u << shift;
        }
        __syncthreads();
    }
    unsigned int threshold = prefix;
    int takeEqual = remaining;
    int written = 0, equalSeen = 0;
    for (int start = 0; start < n; start += blockDim.x)
    {
        int i = start + threadIdx.x;
        unsigned int key = i < n ? ordered_key(scores[i]) : 0u;
        int above = i < n && key > threshold;
        int equal = i < n && key == threshold;
        int equalRank = equalSeen + block_exclusive_scan(equal, warpTotals, &chunkTotal);
        int equalInChunk = chunkTotal;
        __syncthreads();
        int selected = above || (equal && equalRank < takeEqual);
        int position = written + block_exclusive_scan(selected, warpTotals, &chunkTotal);
        if (selected) out[position] = i;
        written += chunkTotal;
        equalSeen += equalInChunk;
        __syncthreads();
    }
}

// out [T - count + k, W]: rows [0, start) of x, then x[start + kept[i]], then rows [start + count, T).
extern "C" __global__ void compact_rows(float* out, const float* x, const int* kept, int start, int count, int k, long long outRows, int W)
{
    GRID_STRIDE(i, outRows * W)
    {
        long long r = i / W; int c = (int)(i - r * W);
        long long source = r < start ? r : (r < start + k ? start + kept[r - start] : r - k + count);
        out[i] = x[source * W + c];
    }
}
