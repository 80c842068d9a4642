using PruneBench.Abstractions.Model;
using PruneBench.Benchmarks.Models;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Models;

/// <summary>
/// Turns a <c>--model</c> argument into a model: a Hugging Face folder (config.json + safetensors), a shipped
/// model by name (synth-qwen2, synth-nemotronh: Benchmarks/models), or a real-sized preset
/// (<see cref="ModelPresets"/>: config only, seeded random weights, for speed). Checks (<see cref="Shape"/>)
/// read only the config, so a whole sweep is validated before any weight is loaded.
/// </summary>
public static class ModelResolver
{
    /// <summary>Folder of a model argument: itself when it is a folder, the shipped model's folder for a shipped name.</summary>
    /// <exception cref="UsageException">Neither a folder with config.json, a shipped model nor a preset.</exception>
    public static string Folder(string model) =>
        FolderOrNull(model) ?? throw new UsageException(
            $"Model '{model}' not found: no such folder, not a shipped model and not a preset ({string.Join(", ", ModelPresets.Names)}); see prunebench models list. Pass a Hugging Face checkpoint folder (config.json + *.safetensors).");

    /// <summary>Like <see cref="Folder"/>, but null for presets and unknown names.</summary>
    /// <exception cref="UsageException">A folder without config.json, or a shipped model missing from Benchmarks/models.</exception>
    public static string? FolderOrNull(string model)
    {
        if (Directory.Exists(model))
        {
            return File.Exists(Path.Combine(model, "config.json"))
                ? model
                : throw new UsageException($"Model folder '{model}' has no config.json (expected a Hugging Face checkpoint folder).");
        }

        if (!ModelCatalog.IsShippedName(model))
        {
            return null;
        }

        try
        {
            return ModelCatalog.Locate().Resolve(model).Directory;
        }
        catch (Exception e) when (e is ArgumentException or DirectoryNotFoundException)
        {
            throw new UsageException(UsageException.Describe(e), e);
        }
    }

    /// <summary>The model's shape from its config, for validating up front.</summary>
    /// <exception cref="UsageException">Missing folder or unreadable config (the message names the file).</exception>
    public static ModelShape Shape(string model) => Config(model).ToShape(IsPreset(model) ? model : Name(model));

    /// <summary>The model's config (a preset's, or the folder's config.json), read without loading weights.</summary>
    /// <exception cref="UsageException">Missing folder or unreadable config (the message names the file).</exception>
    public static ModelConfig Config(string model)
    {
        try
        {
            return IsPreset(model) ? ModelPresets.Config(model) : ModelConfigReader.Read(Path.Combine(Folder(model), "config.json"));
        }
        catch (CheckpointException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>Name results use: a folder's last component (tests/fixtures/llama → llama), else the argument.</summary>
    public static string Name(string model) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(model)) is { Length: > 0 } leaf ? leaf : model;

    /// <summary>Loads the model onto <paramref name="backend"/> (a preset's weights are drawn on the device, seed 0).</summary>
    /// <exception cref="UsageException">Unknown model.</exception>
    /// <exception cref="CheckpointException">A bad checkpoint (names file and tensor).</exception>
    public static LoadedModel Load(string model, IBackend backend)
    {
        if (IsPreset(model))
        {
            return new LoadedModel(model, ModelPresets.Create(model, backend), $"preset {model} (random weights)");
        }

        var folder = Folder(model);
        var name = Name(model);
        return new LoadedModel(name, LanguageModel.Load(folder, backend, name), folder);
    }

    /// <summary>The shipped models present in Benchmarks/models (empty when the folder is not found).</summary>
    public static IReadOnlyList<ShippedModel> Shipped()
    {
        try
        {
            return ModelCatalog.Locate().Models;
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    // A folder of the same name wins over a preset.
    private static bool IsPreset(string model) => !Directory.Exists(model) && ModelPresets.Contains(model);
}
