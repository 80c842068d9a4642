using PruneBench.Abstractions.Model;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models;
using PruneBench.Harness.Commands;

namespace PruneBench.Harness.Models;

/// <summary>
/// Turns a <c>--model</c> argument into a model: a Hugging Face folder (config.json + safetensors), or a
/// real-sized preset (<see cref="ModelPresets"/>: config only, seeded random weights, for speed). Checks
/// (<see cref="Shape"/>) read only the config, so a whole sweep is validated before any weight is loaded.
/// </summary>
public static class ModelResolver
{
    /// <summary>Folder of a model argument that is a folder.</summary>
    /// <exception cref="UsageException">Neither a folder with config.json nor a preset.</exception>
    public static string Folder(string model)
    {
        if (Directory.Exists(model))
        {
            if (!File.Exists(Path.Combine(model, "config.json")))
            {
                throw new UsageException($"Model folder '{model}' has no config.json (expected a Hugging Face checkpoint folder).");
            }

            return model;
        }

        throw new UsageException(
            $"Model '{model}' not found: no such folder, and not a preset ({string.Join(", ", ModelPresets.Names)}). Pass a Hugging Face checkpoint folder (config.json + *.safetensors).");
    }

    /// <summary>The model's shape from its config, for validating up front.</summary>
    /// <exception cref="UsageException">Missing folder or unreadable config (the message names the file).</exception>
    public static ModelShape Shape(string model)
    {
        try
        {
            return IsPreset(model)
                ? ModelPresets.Config(model).ToShape(model)
                : ModelConfigReader.Read(Path.Combine(Folder(model), "config.json")).ToShape(Name(model));
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
    /// <exception cref="UsageException">Neither folder nor preset.</exception>
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

    // A folder of the same name wins over a preset.
    private static bool IsPreset(string model) => !Directory.Exists(model) && ModelPresets.Contains(model);
}
