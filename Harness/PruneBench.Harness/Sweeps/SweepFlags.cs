using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// The grid as command-line flags. Lists are comma-separated or repeated. <c>--param method:key=value</c>
/// sets one of a method's parameters; repeating the same key gives alternatives
/// (<c>--param fastv:k=2 --param fastv:k=4</c> sweeps k).
/// </summary>
public sealed record SweepFlags(
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Benchmarks,
    IReadOnlyList<string> Tasks,
    IReadOnlyList<int> Frames,
    IReadOnlyList<int> TokensPerFrame,
    int? Samples,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<double> Budgets,
    IReadOnlyList<int> Seeds)
{
    /// <summary>The grid these flags describe.</summary>
    /// <exception cref="UsageException">A <c>--param</c> is malformed or names a method not in <c>--methods</c>.</exception>
    public SweepSpec ToSpec()
    {
        var byMethod = new Dictionary<string, List<(string Key, string Value)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in Parameters)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (colon <= 0 || eq <= colon + 1 || eq == text.Length - 1)
            {
                throw new UsageException($"--param '{text}' is not method:key=value (e.g. fastv:k=3).");
            }

            var method = text[..colon].Trim();
            if (!Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                throw new UsageException($"--param '{text}' names method '{method}', which is not in --methods ({string.Join(", ", Methods)}).");
            }

            if (!byMethod.TryGetValue(method, out var list))
            {
                byMethod[method] = list = [];
            }

            list.Add((text[(colon + 1)..eq].Trim(), text[(eq + 1)..].Trim()));
        }

        var methods = Methods.Select(m => new MethodAxis(m, byMethod.TryGetValue(m, out var ps)
            ? ps.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new KeyValuePair<string, IReadOnlyList<string>>(g.Key, g.Select(p => p.Value).ToArray()))
                .ToArray()
            : [])).ToArray();
        var benchmarks = Benchmarks.Select(b => new BenchmarkAxis(b, Tasks, Frames, TokensPerFrame, Samples)).ToArray();
        return new SweepSpec(Models, benchmarks, methods, Budgets, Seeds.Count > 0 ? Seeds : [0]);
    }
}
