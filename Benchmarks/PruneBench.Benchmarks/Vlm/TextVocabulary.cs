namespace PruneBench.Benchmarks.Vlm;

/// <summary>A word-level vocabulary: token i has id i. Lookups of unknown words throw naming the word.</summary>
public sealed class TextVocabulary
{
    private readonly Dictionary<string, int> _ids;

    /// <summary>Builds the vocabulary; tokens must be non-empty and distinct.</summary>
    public TextVocabulary(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (string.IsNullOrEmpty(tokens[i]))
            {
                throw new ArgumentException($"Vocabulary token {i} is empty.", nameof(tokens));
            }

            if (!_ids.TryAdd(tokens[i], i))
            {
                throw new ArgumentException($"Vocabulary token '{tokens[i]}' appears twice (ids {_ids[tokens[i]]} and {i}).", nameof(tokens));
            }
        }

        Tokens = tokens.ToArray();
    }

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Count;

    /// <summary>The id of <paramref name="token"/>.</summary>
    /// <exception cref="KeyNotFoundException">The token is not in the vocabulary.</exception>
    public int Id(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"Token '{token}' is not in the vocabulary.");

    /// <summary>Ids of a space-separated phrase.</summary>
    public int[] Encode(string phrase) => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Id).ToArray();

    /// <summary>Space-joined tokens of <paramref name="ids"/> (for logs and dumps).</summary>
    public string Decode(IEnumerable<int> ids) =>
        string.Join(' ', ids.Select(i => i >= 0 && i < Count ? Tokens[i] : $"<{i}?>"));
}
