using System.Text;

namespace PruneBench.Abstractions.Parameters;

/// <summary>Text forms shared by every method's parameters.</summary>
public static class ParameterText
{
    /// <summary>Parses <c>a=1;b=2</c> or text into pairs (';' separates pairs).</summary>
    public static IReadOnlyDictionary<string, string> ParsePairs(string text, string method)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == part.Length - 1)
            {
                throw new InvalidParameterException($"{method}: malformed parameter '{part}', expected key=value.");
            }

            result[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        return result;
    }

    /// <summary>"StartLayer" → "start_layer"; "K" → "k".</summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
