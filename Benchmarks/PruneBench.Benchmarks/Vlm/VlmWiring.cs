using System.Text.Json;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Benchmarks.Vlm;

/// <summary>
/// What turns a language-model checkpoint into a VLM: the text vocabulary, the option letters and the
/// visual projector, read from <c>vlm.json</c> and <c>projector.safetensors</c> in the model folder.
/// </summary>
public sealed class VlmWiring
{
    /// <summary>File name of the wiring description inside a model folder.</summary>
    public const string FileName = "vlm.json";

    private VlmWiring(string path, VlmWiringFile file, TextVocabulary vocabulary, VisualProjector projector)
    {
        Path = path;
        File = file;
        Vocabulary = vocabulary;
        Projector = projector;
    }

    /// <summary>Path of the vlm.json it was read from.</summary>
    public string Path { get; }

    /// <summary>The parsed file.</summary>
    public VlmWiringFile File { get; }

    /// <summary>Text vocabulary (token id = index).</summary>
    public TextVocabulary Vocabulary { get; }

    /// <summary>Visual projector D_v → hidden.</summary>
    public VisualProjector Projector { get; }

    /// <summary>Ids of the option letters A–D.</summary>
    public IReadOnlyList<int> OptionTokenIds => File.OptionTokenIds;

    /// <summary>True when <paramref name="directory"/> has a vlm.json.</summary>
    public static bool Exists(string directory) => System.IO.File.Exists(System.IO.Path.Combine(directory, FileName));

    /// <summary>Reads and validates the wiring of the model folder <paramref name="directory"/>.</summary>
    /// <exception cref="VlmWiringException">Missing or malformed vlm.json / projector, or fields that disagree.</exception>
    public static VlmWiring Load(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        if (!System.IO.File.Exists(path))
        {
            throw new VlmWiringException($"{path}: not found; a synthetic-suite model folder needs vlm.json next to config.json.");
        }

        VlmWiringFile file;
        try
        {
            file = JsonSerializer.Deserialize<VlmWiringFile>(System.IO.File.ReadAllText(path))
                ?? throw new VlmWiringException($"{path}: empty document.");
        }
        catch (JsonException e)
        {
            throw new VlmWiringException($"{path}: not valid JSON ({e.Message}).", e);
        }

        if (file.FormatVersion != VlmWiringFile.CurrentFormatVersion)
        {
            throw new VlmWiringException($"{path}: format_version {file.FormatVersion} is not supported (expected {VlmWiringFile.CurrentFormatVersion}).");
        }

        if (file.ProjectorKind != VisualProjector.MlpGeluTanhKind)
        {
            throw new VlmWiringException($"{path}: projector_kind '{file.ProjectorKind}' is unknown (supported: {VisualProjector.MlpGeluTanhKind}).");
        }

        TextVocabulary vocabulary;
        try
        {
            vocabulary = new TextVocabulary(file.Vocabulary);
        }
        catch (ArgumentException e)
        {
            throw new VlmWiringException($"{path}: vocabulary: {e.Message}", e);
        }

        foreach (var (field, token) in new[] { ("image_token", file.ImageToken), ("answer_prompt", file.AnswerPrompt) })
        {
            if (!file.Vocabulary.Contains(token))
            {
                throw new VlmWiringException($"{path}: {field} '{token}' is not in the vocabulary.");
            }
        }

        if (file.OptionTokens.Count < 2 || file.OptionTokens.Count != file.OptionTokenIds.Count)
        {
            throw new VlmWiringException(
                $"{path}: option_tokens ({file.OptionTokens.Count}) and option_token_ids ({file.OptionTokenIds.Count}) must list the same ≥ 2 options.");
        }

        for (var i = 0; i < file.OptionTokens.Count; i++)
        {
            var id = file.OptionTokenIds[i];
            if (id < 0 || id >= vocabulary.Count || vocabulary.Tokens[id] != file.OptionTokens[i])
            {
                throw new VlmWiringException($"{path}: option_token_ids[{i}] = {id} is not the id of option '{file.OptionTokens[i]}'.");
            }
        }

        var projectorPath = System.IO.Path.Combine(directory, file.ProjectorFile);
        if (string.IsNullOrEmpty(file.ProjectorFile) || !System.IO.File.Exists(projectorPath))
        {
            throw new VlmWiringException($"{path}: projector_file '{file.ProjectorFile}' not found in {directory}.");
        }

        VisualProjector projector;
        try
        {
            projector = VisualProjector.Load(projectorPath);
        }
        catch (CheckpointException e)
        {
            throw new VlmWiringException(e.Message, e);
        }

        if (projector.InputDim != file.VisualFeatureDim)
        {
            throw new VlmWiringException(
                $"{projectorPath}: projector takes {projector.InputDim} features but {path} says visual_feature_dim = {file.VisualFeatureDim}.");
        }

        return new VlmWiring(path, file, vocabulary, projector);
    }

    /// <summary>Checks the wiring fits a language model of <paramref name="hiddenSize"/> and <paramref name="vocabSize"/>.</summary>
    /// <exception cref="VlmWiringException">Projector width or vocabulary size disagree with the model.</exception>
    public void CheckFits(string modelName, int hiddenSize, int vocabSize)
    {
        if (Projector.OutputDim != hiddenSize)
        {
            throw new VlmWiringException($"{Path}: the projector outputs {Projector.OutputDim} wide embeddings but model '{modelName}' has hidden size {hiddenSize}.");
        }

        if (Vocabulary.Count > vocabSize)
        {
            throw new VlmWiringException($"{Path}: the vocabulary has {Vocabulary.Count} tokens but model '{modelName}' embeds only {vocabSize}.");
        }
    }
}
