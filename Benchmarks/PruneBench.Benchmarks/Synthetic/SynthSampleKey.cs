using System.Globalization;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// Everything a synthetic sample is a pure function of: task, split, frames m, tokens per frame n, the
/// suite seed and the sample's index.
/// </summary>
/// <param name="Task">Task family.</param>
/// <param name="Split">Train or test.</param>
/// <param name="Frames">m, 8…512.</param>
/// <param name="TokensPerFrame">n, 16…256; must factor into a grid of at least 2 rows.</param>
/// <param name="SuiteSeed">Base seed of the suite (0 for the shipped numbers).</param>
/// <param name="Index">Sample index, 0…2^62.</param>
public sealed record SynthSampleKey(SynthTask Task, SynthSplit Split, int Frames, int TokensPerFrame, ulong SuiteSeed, long Index)
{
    /// <summary>Smallest frame count.</summary>
    public const int MinFrames = 8;

    /// <summary>Largest frame count.</summary>
    public const int MaxFrames = 512;

    /// <summary>Fewest visual tokens per frame.</summary>
    public const int MinTokensPerFrame = 16;

    /// <summary>Most visual tokens per frame.</summary>
    public const int MaxTokensPerFrame = 256;

    /// <summary>
    /// Fraction of the non-target tokens that show a distractor object (the rest are empty: no object,
    /// no colour). 1 for every evaluated sample; lower values exist only for the training curriculum
    /// (tools/train/train.py starts on sparse videos). Not part of <see cref="Seed"/> or <see cref="Id"/>.
    /// </summary>
    public double DistractorDensity { get; init; } = 1.0;

    /// <summary>
    /// The sample's PRNG seed. The low bit of the pre-image is the split and the rest is the index; it is
    /// XOR-ed with a mix of the configuration, so for one configuration the map (split, index) → seed is
    /// a bijection and the train and test seeds can never coincide.
    /// </summary>
    public ulong Seed
    {
        get
        {
            var config = SynthRandom.Mix(SuiteSeed ^ 0x5EEDB0A7D5UL);
            config = SynthRandom.Mix(config ^ (ulong)Task);
            config = SynthRandom.Mix(config ^ (ulong)Frames);
            config = SynthRandom.Mix(config ^ (ulong)TokensPerFrame);
            var preimage = ((ulong)Index << 1) | (Split == SynthSplit.Test ? 1UL : 0UL);
            return config ^ preimage;
        }
    }

    /// <summary>Stable identifier, e.g. <c>synth-test-needle-color-m64-n16-s0-000012</c>.</summary>
    public string Id => string.Create(
        CultureInfo.InvariantCulture,
        $"synth-{(Split == SynthSplit.Test ? "test" : "train")}-{SynthTaskNames.NameOf(Task)}-m{Frames}-n{TokensPerFrame}-s{SuiteSeed}-{Index:D6}");

    /// <summary>Throws naming the bad field when the key is outside the suite's ranges.</summary>
    public void Validate()
    {
        if (Frames is < MinFrames or > MaxFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(Frames), Frames, $"Synthetic frames must be in {MinFrames}…{MaxFrames}.");
        }

        if (TokensPerFrame is < MinTokensPerFrame or > MaxTokensPerFrame)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TokensPerFrame), TokensPerFrame, $"Synthetic tokens per frame must be in {MinTokensPerFrame}…{MaxTokensPerFrame}.");
        }

        if (SynthGrid.RowsFor(TokensPerFrame) < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TokensPerFrame), TokensPerFrame, "Synthetic tokens per frame must factor into a grid of at least 2 rows (e.g. 16, 64, 144, 256).");
        }

        if (DistractorDensity is < 0 or > 1 || double.IsNaN(DistractorDensity))
        {
            throw new ArgumentOutOfRangeException(nameof(DistractorDensity), DistractorDensity, "Distractor density must be in [0, 1].");
        }

        if (Index is < 0 or > (1L << 62))
        {
            throw new ArgumentOutOfRangeException(nameof(Index), Index, "Sample index must be in 0…2^62.");
        }
    }
}
