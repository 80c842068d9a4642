using System.Globalization;

namespace PruneBench.Harness.Leaderboard;

/// <summary>
/// Method parameters as printed: a fractional value acts on N_v visual tokens (a ratio keeps round(ratio·N_v) of
/// them), so digits beyond 1/N_v change nothing the method does. Each non-integer number is rounded to
/// ⌈log10 N_v⌉ decimals (at least 2) and printed without trailing zeros: <c>ratio=0.09999999999996409</c> at
/// N_v = 1024 prints as <c>ratio=0.1</c>. Integers and words are printed as they are.
/// </summary>
public static class ParameterDisplay
{
    /// <summary>Rounds the values of canonical <c>key=value;…</c> parameters for <paramref name="visualTokens"/> (N_v).</summary>
    public static string Round(string parameters, int? visualTokens)
    {
        if (parameters.Length == 0)
        {
            return parameters;
        }

        var decimals = Math.Max(2, (int)Math.Ceiling(Math.Log10(Math.Max(2, visualTokens ?? 1000))));
        return string.Join(';', parameters.Split(';').Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            return eq >= 0 && value.Contains('.', StringComparison.Ordinal)
                   && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? $"{pair[..eq]}={Math.Round(number, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture)}"
                : pair;
        }));
    }
}
