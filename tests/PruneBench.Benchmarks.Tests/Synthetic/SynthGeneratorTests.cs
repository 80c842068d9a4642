using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PruneBench.Benchmarks.Synthetic;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Synthetic;

public sealed class SynthGeneratorTests
{
    // SHA-256 over (token ids, features, answer, relevant indices) of the key below. If this changes,
    // every published synth number changes with it: update docs/benchmarks.md and retrain.
    private const string GoldenHash = "32796CAABA1C0E9A68F099308F535F030FC073AFB470941E7F8FC4D1E98317F0";

    private static readonly SynthSampleKey GoldenKey = new(SynthTask.NeedleColor, SynthSplit.Test, 8, 16, 0, 3);

    // The same for the two-hop task (synth-hop); adding it left GoldenHash unchanged.
    private const string NeighborGoldenHash = "0B200223F6773E696CAB7E29FC00869137EF7419A3DC93379B3F3A46625B515B";

    private static readonly SynthSampleKey NeighborGoldenKey = new(SynthTask.NeighborColor, SynthSplit.Test, 8, 16, 0, 3);

    [Fact]
    public void The_same_key_gives_identical_bytes()
    {
        foreach (var task in SynthTaskNames.All)
        {
            var key = new SynthSampleKey(task, SynthSplit.Test, 16, 16, 5, 11);
            Assert.Equal(Hash(SynthGenerator.Generate(key)), Hash(SynthGenerator.Generate(key)));
        }
    }

    [Fact]
    public void A_small_sample_matches_its_committed_golden_hash()
    {
        Assert.Equal(GoldenHash, Hash(SynthGenerator.Generate(GoldenKey)));
    }

    [Fact]
    public void A_two_hop_sample_matches_its_committed_golden_hash()
    {
        Assert.Equal(NeighborGoldenHash, Hash(SynthGenerator.Generate(NeighborGoldenKey)));
    }

    [Fact]
    public void Train_and_test_seeds_never_coincide_for_one_configuration()
    {
        foreach (var task in SynthTaskNames.All)
        {
            var train = Enumerable.Range(0, 5000).Select(i => new SynthSampleKey(task, SynthSplit.Train, 64, 16, 0, i).Seed).ToHashSet();
            var test = Enumerable.Range(0, 5000).Select(i => new SynthSampleKey(task, SynthSplit.Test, 64, 16, 0, i).Seed);
            Assert.Equal(5000, train.Count);
            Assert.DoesNotContain(test, train.Contains);
        }
    }

    [Fact]
    public void Train_and_test_samples_with_the_same_index_differ()
    {
        var train = SynthGenerator.Generate(new SynthSampleKey(SynthTask.Count, SynthSplit.Train, 8, 16, 0, 0));
        var test = SynthGenerator.Generate(new SynthSampleKey(SynthTask.Count, SynthSplit.Test, 8, 16, 0, 0));
        Assert.NotEqual(Hash(train), Hash(test));
    }

    [Theory]
    [InlineData(8, 16)]
    [InlineData(512, 16)]
    [InlineData(8, 256)]
    [InlineData(12, 64)]
    [InlineData(9, 20)]
    public void Sizes_at_the_edges_of_the_ranges_give_consistent_layouts(int frames, int tokensPerFrame)
    {
        foreach (var task in SynthTaskNames.All)
        {
            var s = SynthGenerator.Generate(new SynthSampleKey(task, SynthSplit.Test, frames, tokensPerFrame, 0, 1));
            Assert.Equal(frames, s.Layout.Frames);
            Assert.Equal(tokensPerFrame, s.Layout.TokensPerFrame);
            Assert.Equal(s.Layout.Length, s.TokenIds.Length);
            Assert.Equal(frames * tokensPerFrame * SynthFeatureSpace.Dim, s.Features.Length);
            Assert.Equal(SynthGenerator.PrefixLength, s.Layout.PrefixLength);
            Assert.Equal(tokensPerFrame, s.Layout.GridRows * s.Layout.GridCols);
            Assert.True(s.Layout.GridRows >= 2);
            var image = SynthVocabulary.Vocabulary.Id(SynthVocabulary.ImageToken);
            Assert.All(s.TokenIds.Skip(s.Layout.PrefixLength).Take(s.Layout.VisualCount), id => Assert.Equal(image, id));
            Assert.Equal(SynthVocabulary.AnswerPrompt, SynthVocabulary.Vocabulary.Tokens[s.TokenIds[^1]]);
            Assert.Equal(SynthVocabulary.OptionTokenIds, s.OptionTokenIds);
            Assert.InRange(s.AnswerIndex, 0, 3);
            Assert.NotEmpty(s.RelevantVisualIndices);
        }
    }

    [Theory]
    [InlineData(7, 16)]
    [InlineData(513, 16)]
    [InlineData(64, 15)]
    [InlineData(64, 257)]
    [InlineData(64, 17)] // prime: a 1 × 17 grid has no quadrants
    public void Sizes_outside_the_ranges_are_rejected_naming_the_field(int frames, int tokensPerFrame)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => SynthGenerator.Generate(new SynthSampleKey(SynthTask.Temporal, SynthSplit.Test, frames, tokensPerFrame, 0, 0)));
        Assert.Contains(frames is < 8 or > 512 ? "Frames" : "TokensPerFrame", e.ParamName, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_answer_letter_occurs_for_every_task()
    {
        foreach (var task in SynthTaskNames.All)
        {
            var answers = Enumerable.Range(0, 200)
                .Select(i => SynthGenerator.Generate(new SynthSampleKey(task, SynthSplit.Test, 8, 16, 0, i)).AnswerIndex)
                .ToHashSet();
            Assert.Equal(task == SynthTask.Order ? [0, 1] : new[] { 0, 1, 2, 3 }, answers.Order().ToArray());
        }
    }

    [Fact]
    public void Full_distractor_density_is_the_evaluated_sample_and_zero_density_leaves_empty_patches()
    {
        var key = new SynthSampleKey(SynthTask.Spatial, SynthSplit.Train, 8, 16, 0, 9);
        Assert.Equal(Hash(SynthGenerator.Generate(key)), Hash(SynthGenerator.Generate(key with { DistractorDensity = 1.0 })));
        var sparse = SynthGenerator.Generate(key with { DistractorDensity = 0.0 });
        var relevant = sparse.RelevantVisualIndices.ToHashSet();
        for (var v = 0; v < 8 * 16; v++)
        {
            // Object and colour blocks (the first 40 dims) hold only noise on an empty patch.
            var content = sparse.Features.AsSpan(v * SynthFeatureSpace.Dim, 40).ToArray().Max(Math.Abs);
            Assert.Equal(relevant.Contains(v), content > 1.5);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => SynthGenerator.Generate(key with { DistractorDensity = 1.5 }));
    }

    [Fact]
    public void Sample_ids_name_split_task_and_sizes()
    {
        Assert.Equal("synth-test-needle-color-m8-n16-s0-000003", GoldenKey.Id);
    }

    internal static string Hash(SynthSample s)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(MemoryMarshal.AsBytes(s.TokenIds.AsSpan()));
        sha.AppendData(MemoryMarshal.AsBytes(s.Features.AsSpan()));
        sha.AppendData(BitConverter.GetBytes(s.AnswerIndex));
        sha.AppendData(MemoryMarshal.AsBytes(s.RelevantVisualIndices.AsSpan()));
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
