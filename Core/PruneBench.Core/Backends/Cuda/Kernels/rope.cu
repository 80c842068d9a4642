// Rotary embedding in place, rotate-half layout: pair (i, i + d/2) of each head rotated by positions[t] * invFreq[i].
// x [T, heads, d]; positions [T] fp32 integer ids; one thread per (t, head, i < d/2).
extern "C" __global__ void rope(float* x, const float* invFreq, const float* positions, long long T, int heads, int d)
{
    int half = d / 2;
    GRID_STRIDE(k, T * heads * half)
    {
        long long th = k / half; int i = (int)(k - th * half);
        long long t = th / heads;
        float angle = positions[t] * invFreq[i];
        float c = cosf(angle), s = sinf(angle);
        float* p = x + th * d;
        float a = p[i], b = p[i + half];
        p[i] = a * c - b * s;
        p[i + half] = b * c + a * s;
    }
}
