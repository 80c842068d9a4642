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

// Counter-based generator, bit-identical to Backends/Cpu/CounterRandom.Uniform: value i of stream seed is a
// pure function of (seed, i) (SplitMix64 finaliser), uniform in [-1, 1) from the top 24 bits (exact in fp32).
// offset + scale·u is rounded separately (no FMA contraction) so the fp32 value equals the CPU's before the
// bf16 rounding.
extern "C" __global__ void random_uniform_bf16(bf16_t* out, long long n, float scale, float offset, unsigned long long seed)
{
    GRID_STRIDE(i, n)
    {
        unsigned long long z = seed * 0x9E3779B97F4A7C15ull + (unsigned long long)i * 0xBF58476D1CE4E5B9ull + 0x94D049BB133111EBull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        float u = (float)(z >> 40) * (1.0f / 8388608.0f) - 1.0f;
        out[i] = f32_to_bf16(__fadd_rn(offset, __fmul_rn(scale, u)));
    }
}
