using PruneBench.Benchmarks.Models;
using PruneBench.Benchmarks.Synthetic;

/// <summary>Argument parsing shared by the tools/train consoles (compiled into each, see their .csproj).</summary>
internal static class SynthToolArgs
{
    /// <summary>A shipped model name (synth-qwen2, synth-nemotronh) → its folder; anything else is a folder.</summary>
    public static string ModelDirectory(string nameOrFolder) =>
        ModelCatalog.IsShippedName(nameOrFolder) ? ModelCatalog.Locate().Resolve(nameOrFolder).Directory : nameOrFolder;

    /// <summary>"train" or "test"; anything else is an error naming the value.</summary>
    public static SynthSplit Split(string text) => text switch
    {
        "train" => SynthSplit.Train,
        "test" => SynthSplit.Test,
        _ => throw new ArgumentException($"split must be 'train' or 'test', got '{text}'."),
    };
}
