using PruneBench.Benchmarks.Vlm;

namespace PruneBench.Benchmarks.Synthetic;

/// <summary>
/// The fixed word vocabulary of the synthetic suite; the shipped models' embedding tables are indexed by
/// it (their vlm.json repeats it, and the synth suite checks the two agree).
/// </summary>
public static class SynthVocabulary
{
    /// <summary>Placeholder id written over the visual span (the engine ignores those ids).</summary>
    public const string ImageToken = "<image>";

    /// <summary>Beginning of sequence.</summary>
    public const string BosToken = "<bos>";

    /// <summary>The answer prompt, the last token of every prompt.</summary>
    public const string AnswerPrompt = "Answer:";

    /// <summary>Object names (32), one embedding each in the feature space.</summary>
    public static IReadOnlyList<string> Objects { get; } =
    [
        "cat", "dog", "car", "tree", "ball", "cup", "bird", "fish", "house", "boat", "chair", "lamp", "clock", "phone", "book", "key",
        "hat", "shoe", "bike", "train", "plane", "apple", "bottle", "guitar", "kite", "horse", "flower", "drum", "robot", "star", "moon", "umbrella",
    ];

    /// <summary>Colour names (8). The needle-colour options are always the first four.</summary>
    public static IReadOnlyList<string> Colors { get; } = ["red", "green", "blue", "yellow", "purple", "orange", "white", "black"];

    /// <summary>Option letters; option i is answered by the letter at index i.</summary>
    public static IReadOnlyList<string> OptionLetters { get; } = ["A", "B", "C", "D"];

    /// <summary>System prompt after <c>&lt;bos&gt;</c>.</summary>
    public static string SystemPrompt { get; } = "<system> watch the video and answer .";

    private static readonly string[] Specials = ["<pad>", BosToken, "<eos>", ImageToken, "<system>"];

    private static readonly string[] Words =
    [
        "watch", "the", "video", "and", "answer", ".", "what", "colour", "is", "when", "does", "appear", "how", "many", "frames",
        "show", "which", "appears", "first", "or", "where", "in", "frame", "?", ",", "second", "third", "fourth", "quarter",
        "one", "two", "three", "four", "top", "bottom", "left", "right", AnswerPrompt,
    ];

    // Words of the two-hop tasks, appended after the colours so every earlier id stays what the first shipped
    // models were trained with (their vlm.json lists the first OneHopCount tokens only).
    private static readonly string[] TwoHopWords = ["object", "of"];

    /// <summary>The vocabulary: specials, words, option letters, objects, colours, two-hop words (ids in that order).</summary>
    public static TextVocabulary Vocabulary { get; } =
        new([.. Specials, .. Words, .. OptionLetters, .. Objects, .. Colors, .. TwoHopWords]);

    /// <summary>Tokens the one-hop tasks use: the first 87 ids (the whole vocabulary of synth-qwen2 and synth-nemotronh).</summary>
    public static int OneHopCount { get; } = Vocabulary.Count - TwoHopWords.Length;

    /// <summary>
    /// How many leading vocabulary tokens a model must know to be asked <paramref name="task"/>: a model trained
    /// before the two-hop tasks existed knows the first <see cref="OneHopCount"/> only.
    /// </summary>
    public static int TokensNeeded(SynthTask task) => SynthTaskNames.OneHop.Contains(task) ? OneHopCount : Vocabulary.Count;

    /// <summary>Ids of the option letters A–D.</summary>
    public static int[] OptionTokenIds { get; } = OptionLetters.Select(Vocabulary.Id).ToArray();
}
