using System.Text.RegularExpressions;

namespace PruneBench.Benchmarks.Annotations;

/// <summary>Option strings and answers as benchmarks write them.</summary>
public static partial class OptionText
{
    /// <summary>Letters of options 0, 1, …</summary>
    public const string Letters = "ABCDEFGHIJ";

    /// <summary>"A. text" / "(A) text" / "A) text" → "text"; other strings unchanged.</summary>
    public static string WithoutLetter(string option) => LetterPrefix().Replace(option, "", 1);

    /// <summary>Index of an answer given as a letter ("C", "C.", "(C) text").</summary>
    /// <exception cref="AnnotationException">Not a letter of one of <paramref name="count"/> options.</exception>
    public static int LetterIndex(string answer, int count, string field)
    {
        var trimmed = answer.Trim().TrimStart('(');
        var index = trimmed.Length > 0 ? Letters.IndexOf(char.ToUpperInvariant(trimmed[0]), StringComparison.Ordinal) : -1;
        if (index < 0 || index >= count || (trimmed.Length > 1 && char.IsLetterOrDigit(trimmed[1])))
        {
            throw new AnnotationException($"field '{field}' = '{answer}' is not the letter of one of the {count} options");
        }

        return index;
    }

    /// <summary>Index of an answer given as the text of one of <paramref name="options"/>.</summary>
    /// <exception cref="AnnotationException">Not one of the options.</exception>
    public static int TextIndex(string answer, IReadOnlyList<string> options, string field)
    {
        for (var i = 0; i < options.Count; i++)
        {
            if (string.Equals(options[i].Trim(), answer.Trim(), StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new AnnotationException($"field '{field}' = '{answer}' is not one of the candidates");
    }

    [GeneratedRegex(@"^\s*\(?[A-J][\.\)]\s*")]
    private static partial Regex LetterPrefix();
}
