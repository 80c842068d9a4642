using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Tests.TestSupport;
using PruneBench.Benchmarks.Vlm;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Suites;

public sealed class BenchmarkCatalogTests
{
    [Fact]
    public void Synth_resolves_to_the_five_one_hop_tasks_on_the_test_split_by_default()
    {
        var suite = Assert.IsType<SynthSuite>(BenchmarkCatalog.Resolve("synth"));
        Assert.Equal(SynthTaskNames.OneHop, suite.Tasks);
        Assert.Equal(5, suite.Tasks.Count);
        Assert.Equal(SynthSplit.Test, suite.Options.Split);
        Assert.Equal(64, suite.Options.Frames);
        Assert.Equal(16, suite.Options.TokensPerFrame);
        Assert.Equal("synth", suite.Benchmark);
    }

    [Fact]
    public void Synth_slash_task_resolves_to_that_task_only()
    {
        var suite = Assert.IsType<SynthSuite>(BenchmarkCatalog.Resolve("synth/order", new SynthSuiteOptions(Frames: 8)));
        Assert.Equal([SynthTask.Order], suite.Tasks);
        Assert.Equal(8, suite.Options.Frames);
    }

    [Fact]
    public void Synth_hop_resolves_to_every_task_two_hop_ones_included()
    {
        var suite = Assert.IsType<SynthSuite>(BenchmarkCatalog.Resolve("synth-hop"));
        Assert.Equal([.. SynthTaskNames.OneHop, SynthTask.NeighborColor], suite.Tasks);
        Assert.Equal("synth", suite.Benchmark);
    }

    [Fact]
    public void A_model_with_the_one_hop_vocabulary_runs_synth_but_is_refused_a_two_hop_task_naming_it()
    {
        using var dir = new TempDirectory();
        TestWiring.Write(dir.Path, hidden: 16, edit: f => f.Vocabulary = f.Vocabulary.Take(SynthVocabulary.OneHopCount).ToList());
        var oneHopModel = new SuiteTarget("old", 16, 96, VlmWiring.Load(dir.Path));
        Assert.Equal(5, BenchmarkCatalog.Resolve("synth", new SynthSuiteOptions(Frames: 8, SamplesPerTask: 1)).Samples(oneHopModel).Count());
        var e = Assert.Throws<VlmWiringException>(() => BenchmarkCatalog.Resolve("synth-hop").Samples(oneHopModel));
        Assert.Contains("task 'neighbor-color' needs the first 89", e.Message, StringComparison.Ordinal);
        Assert.Contains(VlmWiring.FileName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_two_hop_words_come_after_every_one_hop_id()
    {
        Assert.Equal(87, SynthVocabulary.OneHopCount);
        Assert.Equal(["object", "of"], SynthVocabulary.Vocabulary.Tokens.Skip(SynthVocabulary.OneHopCount).ToArray());
        Assert.Equal("black", SynthVocabulary.Vocabulary.Tokens[SynthVocabulary.OneHopCount - 1]);
    }

    [Fact]
    public void Pack_names_resolve_to_a_pack_suite_over_the_folder()
    {
        var suite = Assert.IsType<PackSuite>(BenchmarkCatalog.Resolve("pack:/data/videomme", skipBadPackSamples: true));
        Assert.Equal("/data/videomme", suite.Directory);
        Assert.True(suite.SkipBad);
    }

    [Theory]
    [InlineData("videomme")]
    [InlineData("synth/colour")]
    [InlineData("pack:")]
    public void Unknown_names_are_rejected_listing_what_is_valid(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => BenchmarkCatalog.Resolve(name));
        Assert.True(e.Message.Contains("needle-color", StringComparison.Ordinal) || e.Message.Contains("pack:", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Bad_synthetic_sizes_are_rejected_before_any_sample_is_made()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchmarkCatalog.Resolve("synth", new SynthSuiteOptions(Frames: 4)));
    }

    [Fact]
    public void The_synth_suite_yields_samples_per_task_with_projected_embeddings()
    {
        using var dir = new TempDirectory();
        TestWiring.Write(dir.Path, hidden: 16);
        var target = new SuiteTarget("m", 16, 200, VlmWiring.Load(dir.Path));
        var samples = BenchmarkCatalog.Resolve("synth", new SynthSuiteOptions(Frames: 8, SamplesPerTask: 3)).Samples(target).ToList();
        Assert.Equal(15, samples.Count);
        Assert.Equal(["needle-color", "temporal", "count", "order", "spatial"], samples.Select(s => s.Task).Distinct().ToArray());
        Assert.All(samples, s => Assert.Equal(s.Prompt.Layout.VisualCount * 16, s.Prompt.VisualEmbeddings.Length));
        Assert.All(samples, s => Assert.NotEmpty(s.RelevantVisualIndices));
    }

    [Fact]
    public void The_synth_suite_refuses_a_model_without_wiring_or_with_another_vocabulary()
    {
        var suite = BenchmarkCatalog.Resolve("synth");
        Assert.Contains("no vlm.json", Assert.Throws<VlmWiringException>(() => suite.Samples(new SuiteTarget("plain", 16, 200, null))).Message, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        TestWiring.Write(dir.Path, hidden: 16, edit: f => (f.Vocabulary[50], f.Vocabulary[51]) = (f.Vocabulary[51], f.Vocabulary[50]));
        var other = new SuiteTarget("other", 16, 200, VlmWiring.Load(dir.Path));
        Assert.Contains("id 50", Assert.Throws<VlmWiringException>(() => suite.Samples(other)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_predicted_option_is_the_arg_max_over_option_letters_only()
    {
        var sample = new BenchmarkSample("x", "t", null!, 1, [5, 6, 7, 8], [], null);
        var logits = new float[10];
        logits[0] = 100; // not an option
        logits[7] = 3;
        logits[6] = 2;
        Assert.Equal(2, sample.PredictedOption(logits));
    }
}
