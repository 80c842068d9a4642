namespace PruneBench.Core.Backends.Cpu;

/// <summary>
/// Counter-based uniform numbers: value i of stream <c>seed</c> is a pure function of (seed, i)
/// (SplitMix64 finaliser), so any backend can draw element i independently and in parallel.
/// </summary>
public static class CounterRandom
{
    /// <summary>Uniform in [−1, 1).</summary>
    public static float Uniform(ulong seed, ulong index)
    {
        var z = seed * 0x9E3779B97F4A7C15UL + index * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (float)((z >> 40) * (1.0 / (1UL << 24)) * 2.0 - 1.0);
    }
}
