// RMSNorm and Mamba2's gated, grouped RMSNorm. One block per (row[, group]); fp32 sums.

extern "C" __global__ void rms_norm(float* out, const float* x, const float* weight, int W, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    const float* xr = x + row * W;
    float ss = 0.0f;
    for (int c = threadIdx.x; c < W; c += blockDim.x) ss += xr[c] * xr[c];
    ss = block_sum(ss, scratch);
    float inv = 1.0f / sqrtf(ss / W + eps);
    for (int c = threadIdx.x; c < W; c += blockDim.x) out[row * W + c] = xr[c] * inv * weight[c];
}

// h = x * silu(gate); each group of groupSize columns normalised by its own RMS; times weight [I].
// grid (rows, groups): rows on x, which allows 2^31 - 1 blocks (y stops at 65535).
extern "C" __global__ void gated_rms_norm(float* out, const float* x, const float* gate, const float* weight, int I, int groupSize, float eps)
{
    __shared__ float scratch[32];
    long long row = blockIdx.x;
    int c0 = blockIdx.y * groupSize;
    float ss = 0.0f;
    for (int c = threadIdx.x; c < groupSize; c += blockDim.x)
    {
        long long i = row * I + c0 + c;
        float h = x[i] * silu(gate[i]);
        ss += h * h;
    }
    ss = block_sum(ss, scratch);
    float inv = 1.0f / sqrtf(ss / groupSize + eps);
    for (int c = threadIdx.x; c < groupSize; c += blockDim.x)
    {
        long long i = row * I + c0 + c;
        out[i] = x[i] * silu(gate[i]) * inv * weight[c0 + c];
    }
}
