namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// How a synthetic visual token is drawn: a D_v = 64 feature made of disjoint blocks, plus noise on every
/// dimension. The blocks keep each attribute linearly readable, which is what makes the tasks learnable
/// by a few-MB model:
/// <code>
/// [ 0, 32) object   — a fixed N(0,1) vector per object (32 objects, nearly orthogonal)
/// [32, 40) colour   — one-hot × 2 (8 colours)
/// [40, 48) space    — 1.5·(cos πx, sin πx, cos 2πx, sin 2πx, cos πy, sin πy, cos 2πy, sin 2πy), x,y = cell centre in (0,1)
/// [48, 64) time     — 1.5·(cos kπt, sin kπt) for k = 1…8, t = (frame + ½)/m   (like a video model's temporal embedding)
/// </code>
/// Noise is N(0, 0.2²). The object table comes from a fixed seed, so it is the same on every machine.
/// </summary>
public static class SynthFeatureSpace
{
    /// <summary>D_v, the raw visual feature width.</summary>
    public const int Dim = 64;

    /// <summary>Object and colour id of an empty patch (training curriculum): both blocks stay zero.</summary>
    public const int Empty = -1;

    /// <summary>Standard deviation of the per-dimension noise.</summary>
    public const double NoiseStd = 0.2;

    private const int ObjectStart = 0;
    private const int ObjectWidth = 32;
    private const int ColorStart = 32;
    private const int SpaceStart = 40;
    private const int TimeStart = 48;
    private const int TimeHarmonics = 8;
    private const double ColorScale = 2.0;
    private const double PositionScale = 1.5;
    private const ulong TableSeed = 0x0B1EC7_7AB1EUL;

    // [objects × 32], drawn once from TableSeed.
    private static readonly double[] ObjectTable = BuildObjectTable();

    /// <summary>Number of object types.</summary>
    public static int ObjectCount => SynthVocabulary.Objects.Count;

    /// <summary>Number of colours.</summary>
    public static int ColorCount => SynthVocabulary.Colors.Count;

    /// <summary>
    /// Writes one token's feature into <paramref name="destination"/> [Dim]: object <paramref name="objectId"/>
    /// in colour <paramref name="colorId"/> at grid cell (<paramref name="row"/>, <paramref name="col"/>) of a
    /// <paramref name="rows"/> × <paramref name="cols"/> grid in frame <paramref name="frame"/> of
    /// <paramref name="frames"/>, plus noise drawn from <paramref name="random"/> (always <see cref="Dim"/> normals).
    /// <see cref="Empty"/> as object and colour makes an empty patch (position, time and noise only).
    /// </summary>
    public static void WriteToken(
        Span<float> destination, int objectId, int colorId, int row, int col, int rows, int cols, int frame, int frames, SynthRandom random)
    {
        var v = new double[Dim];
        if (objectId != Empty)
        {
            for (var i = 0; i < ObjectWidth; i++)
            {
                v[ObjectStart + i] = ObjectTable[(objectId * ObjectWidth) + i];
            }
        }

        if (colorId != Empty)
        {
            v[ColorStart + colorId] = ColorScale;
        }
        var x = (col + 0.5) / cols;
        var y = (row + 0.5) / rows;
        v[SpaceStart + 0] = PositionScale * Math.Cos(Math.PI * x);
        v[SpaceStart + 1] = PositionScale * Math.Sin(Math.PI * x);
        v[SpaceStart + 2] = PositionScale * Math.Cos(2 * Math.PI * x);
        v[SpaceStart + 3] = PositionScale * Math.Sin(2 * Math.PI * x);
        v[SpaceStart + 4] = PositionScale * Math.Cos(Math.PI * y);
        v[SpaceStart + 5] = PositionScale * Math.Sin(Math.PI * y);
        v[SpaceStart + 6] = PositionScale * Math.Cos(2 * Math.PI * y);
        v[SpaceStart + 7] = PositionScale * Math.Sin(2 * Math.PI * y);
        var t = (frame + 0.5) / frames;
        for (var k = 1; k <= TimeHarmonics; k++)
        {
            v[TimeStart + (2 * (k - 1))] = PositionScale * Math.Cos(k * Math.PI * t);
            v[TimeStart + (2 * (k - 1)) + 1] = PositionScale * Math.Sin(k * Math.PI * t);
        }

        for (var i = 0; i < Dim; i++)
        {
            destination[i] = (float)(v[i] + (NoiseStd * random.NextGaussian()));
        }
    }

    /// <summary>The object block [32] of object <paramref name="objectId"/> (tests decode tokens with it).</summary>
    internal static ReadOnlySpan<double> ObjectPrototype(int objectId) => ObjectTable.AsSpan(objectId * ObjectWidth, ObjectWidth);

    /// <summary>Start of the colour block (one-hot × 2).</summary>
    internal static int ColorBlockStart => ColorStart;

    private static double[] BuildObjectTable()
    {
        var random = new SynthRandom(TableSeed);
        var table = new double[SynthVocabulary.Objects.Count * ObjectWidth];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = random.NextGaussian();
        }

        return table;
    }
}
