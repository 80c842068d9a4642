namespace PruneBench.Abstractions.Signals;

/// <summary>Which tokens act as the queries Q of a score signal.</summary>
public enum QuerySelection
{
    /// <summary>All suffix text tokens (question + answer prompt). METHODS.md default.</summary>
    SuffixText,

    /// <summary>The last token of the prompt only.</summary>
    LastToken,
}
