using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;
using PruneBench.Core.Models;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>The tiny transformers checkpoints under tests/fixtures and their reference prompt (24 visual rows: 4 frames × 6).</summary>
public static class ModelFixtures
{
    public static readonly string[] All = ["llama", "qwen2", "qwen3", "llama_bf16_sharded", "nemotron_h", "nemotron_h_groups"];

    public static TheoryData<string> Names => new(All);

    public static string Dir(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PruneBench.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new DirectoryNotFoundException($"PruneBench.sln not found above {AppContext.BaseDirectory}; the fixtures live in tests/fixtures of the repository.");
        }

        return Path.Combine(dir.FullName, "tests", "fixtures", name);
    }

    public static Prompt Prompt(string name)
    {
        using var reference = SafetensorsFile.Open(Path.Combine(Dir(name), "reference.safetensors"));
        var ids = reference.ReadInts("input_ids");
        var start = reference.ReadInts("visual_start")[0];
        var visual = reference.ReadFloats("visual_embeds");
        var v = reference.Entry("visual_embeds").Shape[0];
        var layout = new SampleLayout(start, 4, v / 4, ids.Length - start - v, 2, v / 8);
        return new Prompt(ids, layout, visual);
    }

    /// <summary>
    /// The engine on fixture <paramref name="name"/> and its reference prompt, on <paramref name="backend"/>
    /// (which the caller owns: fixtures' backends live for the whole run).
    /// </summary>
    public static RunResult Run(IBackend backend, string name, int decodeSteps, bool hidden, IReducer? reducer = null)
    {
        using var model = LanguageModel.Load(Dir(name), backend);
        return new ReductionEngine(model).Run(Prompt(name), reducer, new RunOptions(decodeSteps, hidden));
    }

    /// <summary>The fixture's config.json.</summary>
    public static ModelConfig Config(string name) => ModelConfigReader.Read(Path.Combine(Dir(name), "config.json"));
}
