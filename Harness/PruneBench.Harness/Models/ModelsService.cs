using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Models;

/// <summary><c>prunebench models list</c>: the model folders under a directory and the real-sized presets.</summary>
public static class ModelsService
{
    private static string Describe(string name, ModelConfig config)
    {
        var pattern = string.Concat(config.Layers.Select(k => k switch
        {
            Abstractions.Model.LayerKind.Attention => '*',
            Abstractions.Model.LayerKind.Mamba => 'M',
            _ => '-',
        }));
        return $"{name}: {config.ModelType}, {config.Layers.Count} layers ({pattern}), hidden {config.HiddenSize}, vocab {config.VocabSize}";
    }

    /// <summary>Lists every folder under <paramref name="root"/> (itself included) holding a config.json, with its architecture.</summary>
    public static int List(string root, TextWriter output)
    {
        if (!Directory.Exists(root))
        {
            throw new Usage.UsageException($"Folder '{root}' does not exist.");
        }

        var folders = Directory.EnumerateFiles(root, "config.json", SearchOption.AllDirectories)
            .Select(f => Path.GetDirectoryName(f)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        output.WriteLine($"Model folders under {root} (pass one to --model; any Hugging Face llama, qwen2, qwen3 or nemotron_h checkpoint works):");
        foreach (var folder in folders)
        {
            try
            {
                output.WriteLine($"  {Describe(folder, ModelConfigReader.Read(Path.Combine(folder, "config.json")))}");
            }
            catch (CheckpointException e)
            {
                output.WriteLine($"  {folder}: not loadable: {e.Message}");
            }
        }

        if (folders.Length == 0)
        {
            output.WriteLine("  (none)");
        }

        output.WriteLine("Shipped models (trained on the synthetic suites; pass the name to --model):");
        foreach (var shipped in ModelResolver.Shipped())
        {
            output.WriteLine($"  {Describe(shipped.Name, ModelConfigReader.Read(Path.Combine(shipped.Directory, "config.json")))} — {shipped.Description}");
        }

        output.WriteLine("Real-sized presets (config only, seeded random weights: for bench and speed, no accuracy):");
        foreach (var preset in ModelPresets.Names.Order(StringComparer.Ordinal))
        {
            output.WriteLine($"  {Describe(preset, ModelPresets.Config(preset))}");
        }

        return 0;
    }
}
