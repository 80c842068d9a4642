namespace PruneBench.Harness.Sweeps;

/// <summary>
/// One method of a sweep and its parameter grid: every key lists alternative values and the sweep runs
/// their cartesian product (a method's reduce-layer parameter, e.g. fastv's <c>k</c>, is swept this way).
/// </summary>
/// <param name="Name">Method name.</param>
/// <param name="Parameters">Key → alternative values (each a value as written on the command line).</param>
public sealed record MethodAxis(string Name, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Parameters)
{
    /// <summary>Every parameter combination as key/value pairs, in key order; one empty set when there are none.</summary>
    public IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> Combinations()
    {
        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> result = [[]];
        foreach (var (key, values) in Parameters)
        {
            result = result.SelectMany(prefix => values.Select(v => (IReadOnlyList<KeyValuePair<string, string>>)[.. prefix, new(key, v)])).ToList();
        }

        return result;
    }
}
