using PruneBench.Benchmarks.Vlm;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>The vlm.json every model trained on the synthetic suite carries (the trainer adds "training").</summary>
public static class SynthWiringTemplate
{
    /// <summary>Projector weights file name inside a model folder.</summary>
    public const string ProjectorFileName = "projector.safetensors";

    /// <summary>A fresh vlm.json description for the synthetic vocabulary and feature space.</summary>
    public static VlmWiringFile Create() => new()
    {
        FormatVersion = VlmWiringFile.CurrentFormatVersion,
        VisualFeatureDim = SynthFeatureSpace.Dim,
        ProjectorKind = VisualProjector.MlpGeluTanhKind,
        ProjectorFile = ProjectorFileName,
        Vocabulary = [.. SynthVocabulary.Vocabulary.Tokens],
        ImageToken = SynthVocabulary.ImageToken,
        OptionTokens = [.. SynthVocabulary.OptionLetters],
        OptionTokenIds = [.. SynthVocabulary.OptionTokenIds],
        AnswerPrompt = SynthVocabulary.AnswerPrompt,
    };
}
