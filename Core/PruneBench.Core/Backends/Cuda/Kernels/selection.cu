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

// The blended score of token i: running[i] when there is no current score; else share = (float)(current[i] / sum) in
// fp64 (1/n when the sum is not positive and finite: no preference), and beta == 0 (or no running score) ? share :
// beta * running[i] + (1 - beta) * share (ScoreNormalization.Blend), rounded step by step as the CPU does (no fused
// multiply-add: a blend whose share is below the running score's last bit must tie, or not, on both).
__device__ __forceinline__ float blended_value(const float* running, const float* current, long long i, double sum, bool uniform,
    long long n, float beta)
{
    if (current == 0) return running[i];
    float share = uniform ? (float)(1.0 / (double)n) : (float)((double)current[i] / sum);
    return beta == 0.0f || running == 0 ? share : __fadd_rn(__fmul_rn(beta, running[i]), __fmul_rn(1.0f - beta, share));
}

// The blend's fp64 sum of current [n] over the block and whether it gives no preference (not positive, NaN or +inf;
// comparisons instead of isnan/isinf: NVRTC runs headerless here).
__device__ bool blend_sum(const float* current, long long n, double* scratch, double* sum)
{
    double local = 0.0;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) local += (double)current[i];
    *sum = block_sum_f64(local, scratch);
    return !(*sum > 0.0) || !(*sum <= 1.7976931348623157e308);
}

// One block (1024 threads): out [n] = blended_value(running, current, i) (running may be null).
extern "C" __global__ void blend_scores(float* out, const float* running, const float* current, long long n, float beta)
{
    __shared__ double scratch[1024];
    double sum;
    bool uniform = blend_sum(current, n, scratch, &sum);
    for (long long i = threadIdx.x; i < n; i += blockDim.x) out[i] = blended_value(running, current, i, sum, uniform, n, beta);
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

#define SELECT_WARPS 32
// One block (1024 threads) selects the k highest (1 <= k <= n) of the values v_i = blended_value(running, current, i):
// the score pruner's whole decision after a layer in one launch — the blend of the new score into the running one, the
// top-k, and the running score compacted to the kept tokens. Writes the indices ascending to kept [k] and, when keptValues
// is not null, v at those indices to keptValues [k]. Order as TopKSelection on the CPU: NaN lowest, -0 == +0, ties to
// the lower index.
// A radix select over the 32-bit ordered keys (4 passes of 8 bits; per-warp histograms, so that similar scores — one
// exponent byte for most of them — do not serialise 1 024 threads on one shared counter; the bin found by a block scan,
// not a thread's loop over 256 bins) finds the k-th largest key T and how many keys equal to T are taken (the
// lowest-indexed ones). Then each thread takes a contiguous run of indices, and two block scans (equal keys before it,
// selected before it) give every selected index its output position.
extern "C" __global__ void select_top_k(int* kept, float* keptValues, const float* running, const float* current, int n, int k, float beta)
{
    __shared__ int histograms[SELECT_WARPS][256];
    __shared__ double sumScratch[1024];
    __shared__ unsigned int prefix, mask;
    __shared__ int remaining;
    __shared__ int warpTotals[32];
    __shared__ int scanTotal;
    int warp = threadIdx.x >> 5;
    double sum = 0.0;
    bool uniform = current != 0 && blend_sum(current, n, sumScratch, &sum);
    if (threadIdx.x == 0) { prefix = 0u; mask = 0u; remaining = k; }
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        for (int e = threadIdx.x; e < SELECT_WARPS * 256; e += blockDim.x) (&histograms[0][0])[e] = 0;
        __syncthreads();
        for (int i = threadIdx.x; i < n; i += blockDim.x)
        {
            unsigned int key = ordered_key(blended_value(running, current, i, sum, uniform, n, beta));
            if ((key & mask) == prefix) atomicAdd(&histograms[warp][(key >> shift) & 255u], 1);
        }
        __syncthreads();
        // Bin b's count, taken from the top bin down: thread t holds bin 255 - t, and an exclusive scan gives the keys above it.
        int need = remaining;                // read by all before the winner below changes it (the scan synchronises)
        int count = 0;
        if (threadIdx.x < 256)
        {
            for (int w = 0; w < SELECT_WARPS; w++) count += histograms[w][255 - threadIdx.x];
        }
        int above = block_exclusive_scan(count, warpTotals, &scanTotal);
        if (threadIdx.x < 256 && above < need && above + count >= need)
        {
            remaining = need - above;
            prefix |= (unsigned int)(255 - threadIdx.x) << shift;
            mask |= 255u << shift;
        }
        __syncthreads();
    }
    unsigned int threshold = prefix;
    int takeEqual = remaining;
    int chunk = (n + blockDim.x - 1) / blockDim.x;
    int begin = imin(n, (int)threadIdx.x * chunk), end = imin(n, begin + chunk);
    int aboveHere = 0, equalHere = 0;
    for (int i = begin; i < end; i++)
    {
        unsigned int key = ordered_key(blended_value(running, current, i, sum, uniform, n, beta));
        aboveHere += key > threshold;
        equalHere += key == threshold;
    }
    int equalBefore = block_exclusive_scan(equalHere, warpTotals, &scanTotal);
    int equalTaken = imin(equalHere, takeEqual - equalBefore);
    if (equalTaken < 0) equalTaken = 0;
    int position = block_exclusive_scan(aboveHere + equalTaken, warpTotals, &scanTotal);
    for (int i = begin; i < end; i++)
    {
        float v = blended_value(running, current, i, sum, uniform, n, beta);
        unsigned int key = ordered_key(v);
        bool take = key > threshold;
        if (key == threshold && equalTaken > 0) { take = true; equalTaken--; }
        if (take)
        {
            kept[position] = i;
            if (keptValues != 0) keptValues[position] = v;
            position++;
        }
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
