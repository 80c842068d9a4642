using System.Text.Json;
using PruneBench.Benchmarks.Packs;
using PruneBench.Benchmarks.Suites;
using PruneBench.Benchmarks.Synthetic;
using PruneBench.Benchmarks.Tests.TestSupport;
using PruneBench.Benchmarks.Vlm;

namespace PruneBench.Benchmarks.Tests.Packs;

/// <summary>Builds a small pack from the synthetic suite (through the writer) and edits it into bad shapes.</summary>
public sealed class SynthPackBuilder : IDisposable
{
    public const int Hidden = 24;

    private readonly TempDirectory _root = new();

    public SynthPackBuilder()
    {
        var modelDir = System.IO.Path.Combine(_root.Path, "model");
        TestWiring.Write(modelDir, Hidden);
        Wiring = VlmWiring.Load(modelDir);
        Target = new SuiteTarget("test-model", Hidden, SynthVocabulary.Vocabulary.Count, Wiring);
        Samples = new SynthSuite("synth", [], new SynthSuiteOptions(Frames: 8, TokensPerFrame: 16, SamplesPerTask: 2)).Samples(Target).ToList();
        SamplePackWriter.Write(PackDirectory, new PackManifest
        {
            FormatVersion = PackManifest.CurrentFormatVersion,
            Benchmark = "synth",
            Model = "test-model",
            HiddenSize = Hidden,
            DType = "f32",
            VocabSize = SynthVocabulary.Vocabulary.Count,
        }, Samples);
    }

    public string PackDirectory => System.IO.Path.Combine(_root.Path, "pack");

    public VlmWiring Wiring { get; }

    public SuiteTarget Target { get; }

    public IReadOnlyList<BenchmarkSample> Samples { get; }

    public string SamplesPath => System.IO.Path.Combine(PackDirectory, SamplePackLoader.SamplesFile);

    /// <summary>Rewrites line <paramref name="index"/> of samples.jsonl through <paramref name="edit"/>.</summary>
    public void EditSample(int index, Action<PackSampleRecord> edit)
    {
        var lines = File.ReadAllLines(SamplesPath);
        var record = JsonSerializer.Deserialize<PackSampleRecord>(lines[index])!;
        edit(record);
        lines[index] = JsonSerializer.Serialize(record);
        File.WriteAllLines(SamplesPath, lines);
    }

    public string IdOf(int index) => Samples[index].Id;

    public void Dispose() => _root.Dispose();
}
