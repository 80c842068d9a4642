using PruneBench.Abstractions.Model;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models;
using PruneBench.Harness.Commands;

namespace PruneBench.Harness.Models;

/// <summary>
/// Turns a <c>--model</c> argument into a model: a Hugging Face folder (config.json + safetensors), or a
/// name the harness ships. Checks (<see cref="Shape"/>) read only config.json, so a whole sweep is
/// validated before any weight is loaded.
/// </summary>
public static class ModelResolver
{
    /// <summary>Folder of a model argument.</summary>
    /// <exception cref="UsageException">No such folder, or no config.json in it.</exception>
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

        throw new UsageException($"Model '{model}' not found: no such folder. Pass a Hugging Face checkpoint folder (config.json + *.safetensors).");
    }

    /// <summary>The model's shape from its config.json, for validating method parameters up front.</summary>
    /// <exception cref="UsageException">Missing folder or unreadable config (the message names the file).</exception>
    public static ModelShape Shape(string model)
    {
        var folder = Folder(model);
        try
        {
            return ModelConfigReader.Read(Path.Combine(folder, "config.json")).ToShape(model);
        }
        catch (CheckpointException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>Name results use: a folder's last component (tests/fixtures/llama → llama), else the argument.</summary>
    public static string Name(string model) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(model)) is { Length: > 0 } leaf ? leaf : model;

    /// <summary>Loads the model's weights onto <paramref name="backend"/>.</summary>
    /// <exception cref="UsageException">Missing folder.</exception>
    /// <exception cref="CheckpointException">A bad checkpoint (names file and tensor).</exception>
    public static LoadedModel Load(string model, IBackend backend)
    {
        var folder = Folder(model);
        var name = Name(model);
        return new LoadedModel(name, LanguageModel.Load(folder, backend, name), folder);
    }
}
