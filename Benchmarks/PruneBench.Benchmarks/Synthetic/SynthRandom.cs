namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014) with Box–Muller normals. The suite must produce the same
/// bytes on every machine, and <see cref="System.Random"/>'s algorithm is unspecified, so the generator
/// owns its PRNG. Every operation is integer or IEEE double arithmetic with a fixed order.
/// </summary>
public sealed class SynthRandom
{
    private ulong _state;
    private double? _spareNormal;

    /// <summary>Starts the stream at <paramref name="seed"/>.</summary>
    public SynthRandom(ulong seed) => _state = seed;

    /// <summary>The SplitMix64 finaliser: a bijection on 64-bit values that mixes all bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) by rejection (no modulo bias).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var b = (ulong)bound;
        var limit = ulong.MaxValue - (ulong.MaxValue % b);
        ulong x;
        do
        {
            x = NextUInt64();
        }
        while (x >= limit);
        return (int)(x % b);
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int NextInclusive(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>Standard normal by the Box–Muller transform; the second value of each pair is kept.</summary>
    public double NextGaussian()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }

        // 1 - u keeps the argument of the logarithm in (0, 1].
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        _spareNormal = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}
