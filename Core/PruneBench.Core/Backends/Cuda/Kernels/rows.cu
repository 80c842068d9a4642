// Row movement: gather (embedding, compaction, last-row logits), size-weighted merge, column slices.

// out [R, W] = src[rows[r]] for src [*, W] (bf16 or fp32).
extern "C" __global__ void gather_rows(float* out, const void* src, int srcBf16, const int* rows, long long R, int W)
{
    GRID_STRIDE(i, R * W)
    {
        long long r = i / W; int c = (int)(i - r * W);
        out[i] = load_any(src, srcBf16, (long long)rows[r] * W + c);
    }
}

// One block per distinct target k (row targets[k]), threads over columns; its sources are
// srcIdx[srcStart[k] .. srcStart[k+1]). merged[k] = (size[t] x[t] + sum size[s] x[s]) / (size[t] + sum size[s]).
// x is only read, so a row may be both a target and a source.
extern "C" __global__ void merge_rows(float* merged, const float* x, int W, const int* targets, const int* srcStart, const int* srcIdx, const float* sizes)
{
    int t = targets[blockIdx.x];
    int s0 = srcStart[blockIdx.x], s1 = srcStart[blockIdx.x + 1];
    float den = sizes[t];
    for (int k = s0; k < s1; k++) den += sizes[srcIdx[k]];
    for (int c = threadIdx.x; c < W; c += blockDim.x)
    {
        float acc = sizes[t] * x[(long long)t * W + c];
        for (int k = s0; k < s1; k++) { int s = srcIdx[k]; acc += sizes[s] * x[(long long)s * W + c]; }
        merged[(long long)blockIdx.x * W + c] = acc / den;
    }
}

// x[rows[r]] = src[r] for src [R, W].
extern "C" __global__ void scatter_rows(float* x, const float* src, const int* rows, long long R, int W)
{
    GRID_STRIDE(i, R * W)
    {
        long long r = i / W; int c = (int)(i - r * W);
        x[(long long)rows[r] * W + c] = src[i];
    }
}

// out [T, C] = x[:, start:start+C] for x [T, W].
extern "C" __global__ void slice_columns(float* out, const void* x, int xBf16, long long T, int W, int start, int C)
{
    GRID_STRIDE(i, T * C)
    {
        long long t = i / C; int c = (int)(i - t * C);
        out[i] = load_any(x, xBf16, t * W + start + c);
    }
}
