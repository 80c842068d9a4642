// Elementwise ops over flat tensors, grid-stride loops.

extern "C" __global__ void add_inplace(float* x, const float* y, long long n)
{
    GRID_STRIDE(i, n) x[i] += y[i];
}

extern "C" __global__ void swiglu(float* out, const float* gate, const float* up, long long n)
{
    GRID_STRIDE(i, n) out[i] = silu(gate[i]) * up[i];
}

extern "C" __global__ void relu2(float* out, const float* x, long long n)
{
    GRID_STRIDE(i, n) { float r = fmaxf(x[i], 0.0f); out[i] = r * r; }
}

// y [rows, width] += bias [width]
extern "C" __global__ void add_bias_rows(float* y, const void* bias, int biasBf16, long long n, int width)
{
    GRID_STRIDE(i, n) y[i] += load_any(bias, biasBf16, i % width);
}

extern "C" __global__ void f32_to_bf16_copy(bf16_t* out, const float* in, long long n)
{
    GRID_STRIDE(i, n) out[i] = f32_to_bf16(in[i]);
}

extern "C" __global__ void bf16_to_f32_copy(float* out, const bf16_t* in, long long n)
{
    GRID_STRIDE(i, n) out[i] = bf16_to_f32(in[i]);
}

// dt [T, H] = clamp(softplus(raw + bias[h]), lo, hi); softplus as torch (linear above 20).
extern "C" __global__ void dt_softplus(float* out, const float* raw, const float* bias, long long n, int heads, float lo, float hi)
{
    GRID_STRIDE(i, n)
    {
        float v = raw[i] + bias[i % heads];
        float sp = v > 20.0f ? v : log1pf(expf(v));
        out[i] = fminf(fmaxf(sp, lo), hi);
    }
}

// Counter-based generator: splitmix64 of (seed, index), so any element can be drawn independently and
// the result does not depend on the launch shape. u in [0, 1) from the top 24 bits.
__device__ __forceinline__ unsigned long long splitmix64(unsigned long long z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

extern "C" __global__ void random_uniform_bf16(bf16_t* out, long long n, float scale, float offset, unsigned long long seed)
{
    GRID_STRIDE(i, n)
    {
        unsigned long long h = splitmix64(seed ^ splitmix64((unsigned long long)i));
        float u = (float)(h >> 40) * (1.0f / 16777216.0f);
        out[i] = f32_to_bf16((2.0f * u - 1.0f) * scale + offset);
    }
}
