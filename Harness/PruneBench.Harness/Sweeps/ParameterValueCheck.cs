using System.Globalization;
using PruneBench.Abstractions.Parameters;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// Checks a user value against a method's published schema (type and range) before anything runs, so a
/// typo is a usage error. Whether a valid value can meet a budget on a given model is only known when the
/// run configures its method.
/// </summary>
public static class ParameterValueCheck
{
    /// <summary>Null when <paramref name="value"/> fits <paramref name="spec"/>, else why not.</summary>
    public static string? Problem(ParameterSpec spec, string value)
    {
        if (value == "auto" && spec.Default == "auto")
        {
            return null;
        }

        var numbers = new List<double>();
        switch (spec.Type)
        {
            case "int":
            case "int[]":
                foreach (var part in spec.Type == "int" ? [value] : value.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
                    {
                        return $"'{value}' is not {(spec.Type == "int" ? "an integer" : "a comma-separated list of integers")}";
                    }

                    numbers.Add(i);
                }

                break;
            case "double":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    return $"'{value}' is not a number";
                }

                numbers.Add(d);
                break;
            case "bool":
                return bool.TryParse(value, out _) ? null : $"'{value}' is not true or false";
            case "string":
                return null;
            default:
                // Enums: the type is their values joined by '|'.
                var names = spec.Type.Split('|');
                return names.Contains(value, StringComparer.OrdinalIgnoreCase) ? null : $"'{value}' is not one of {string.Join(", ", names)}";
        }

        var range = Range(spec.Range);
        foreach (var v in numbers)
        {
            if (range is var (lo, loOpen, hi) && (v < lo || (loOpen && v <= lo) || v > hi))
            {
                return $"{v.ToString(CultureInfo.InvariantCulture)} is outside {spec.Range}";
            }
        }

        return null;
    }

    // "[0, inf)", "(0, 1]", "(-inf, 5]" as ParameterBinder writes them.
    private static (double Lo, bool LoOpen, double Hi)? Range(string text)
    {
        if (text.Length < 5)
        {
            return null;
        }

        var parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries);
        var lo = parts[0] == "-inf" ? double.NegativeInfinity : double.Parse(parts[0], CultureInfo.InvariantCulture);
        var hi = parts[1] == "inf" ? double.PositiveInfinity : double.Parse(parts[1], CultureInfo.InvariantCulture);
        return (lo, text[0] == '(', hi);
    }
}
