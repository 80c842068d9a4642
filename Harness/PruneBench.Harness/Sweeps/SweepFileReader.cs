using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// Reads a sweep file in YAML or JSON (JSON is read as YAML flow syntax). Every key is checked: an unknown
/// or misspelt key is an error naming the file, line and key, with the closest known key.
/// <code>
/// models: [synth-qwen2, synth-nemotronh]
/// benchmarks:
///   - name: synth
///     tasks: [needle-color, temporal]
///     frames: [64, 128]
///     tokens_per_frame: 16
///     samples: 50
/// methods:
///   - fastv
///   - name: random
///     params: { k: [0, 2] }
/// budgets: [0.25, 0.5, 0.75]
/// seeds: [0, 1]
/// output: results/my-sweep
/// device: auto
/// </code>
/// A scalar stands for a one-element list wherever a list is expected.
/// </summary>
public static class SweepFileReader
{
    private static readonly string[] TopKeys = ["models", "benchmarks", "methods", "budgets", "seeds", "output", "device"];
    private static readonly string[] BenchmarkKeys = ["name", "tasks", "frames", "tokens_per_frame", "samples"];
    private static readonly string[] MethodKeys = ["name", "params"];

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="SweepFileException">Missing file, syntax error, unknown key, wrong type or bad value.</exception>
    public static SweepFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SweepFileException(Directory.Exists(path) ? $"Sweep file '{path}' is a folder, not a YAML or JSON file." : $"Sweep file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses sweep-file text; <paramref name="file"/> names it in errors.</summary>
    public static SweepFile Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SweepFileException($"{file}: line {e.Start.Line}: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this, with no position, at the end of a file inside an open flow list or map.
            throw new SweepFileException(UnclosedBracket(text) is var (line, bracket)
                ? $"{file}: line {line}: this '{bracket}' is never closed (expected '{(bracket == '[' ? ']' : '}')}')."
                : $"{file}: not valid YAML or JSON (the file ends inside a list or a map).", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SweepFileException($"{file}: a sweep file is a mapping with keys {string.Join(", ", TopKeys)}.");
        }

        var reader = new Reader(file);
        var top = reader.Keys(root, TopKeys, "the top level");
        var models = top.TryGetValue("models", out var m) ? reader.Strings(m, "models") : [];
        var benchmarks = top.TryGetValue("benchmarks", out var b) ? reader.List(b, "benchmarks").Select(reader.Benchmark).ToArray() : [];
        var methods = top.TryGetValue("methods", out var me) ? reader.List(me, "methods").Select(reader.Method).ToArray() : [];
        var budgets = top.TryGetValue("budgets", out var bu) ? reader.Doubles(bu, "budgets") : [];
        var seeds = top.TryGetValue("seeds", out var s) ? reader.Ints(s, "seeds") : [0];
        reader.Require(models.Count > 0, root, "'models' must list at least one model");
        reader.Require(benchmarks.Length > 0, root, "'benchmarks' must list at least one benchmark");
        reader.Require(methods.Length > 0, root, "'methods' must list at least one method");
        var output = top.TryGetValue("output", out var o) ? reader.Scalar(o, "output") : null;
        var device = top.TryGetValue("device", out var d) ? reader.Scalar(d, "device") : null;
        reader.Require(device is null or "cpu" or "cuda" or "auto", d!, $"device '{device}' is not one of cpu, cuda, auto");
        return new SweepFile(new SweepSpec(models, benchmarks, methods, budgets, seeds), output, device);
    }

    private sealed class Reader(string file)
    {
        public Dictionary<string, YamlNode> Keys(YamlMappingNode node, string[] allowed, string where)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in node.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(key, StringComparer.Ordinal))
                {
                    var hint = Closest(key, allowed);
                    throw Error(keyNode, $"unknown key '{key}' in {where}"
                                         + (hint is null ? "" : $" (did you mean '{hint}'?)")
                                         + $". Allowed: {string.Join(", ", allowed)}.");
                }

                if (!result.TryAdd(key, value))
                {
                    throw Error(keyNode, $"key '{key}' appears twice in {where}");
                }
            }

            return result;
        }

        public IReadOnlyList<YamlNode> List(YamlNode node, string key) => node switch
        {
            YamlSequenceNode seq => seq.Children.ToArray(),
            _ => [node],
        };

        public string Scalar(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"'{key}' must be a single value");

        public IReadOnlyList<string> Strings(YamlNode node, string key) => List(node, key).Select(n => Scalar(n, key)).ToArray();

        public IReadOnlyList<int> Ints(YamlNode node, string key) => List(node, key).Select(n =>
            int.TryParse(Scalar(n, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Error(n, $"'{key}' value '{Scalar(n, key)}' is not an integer")).ToArray();

        public IReadOnlyList<double> Doubles(YamlNode node, string key) => List(node, key).Select(n =>
            double.TryParse(Scalar(n, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Error(n, $"'{key}' value '{Scalar(n, key)}' is not a number")).ToArray();

        public BenchmarkAxis Benchmark(YamlNode node)
        {
            if (node is YamlScalarNode)
            {
                return new BenchmarkAxis(Scalar(node, "benchmarks"), [], [], [], null);
            }

            if (node is not YamlMappingNode map)
            {
                throw Error(node, "a benchmark is a name or a mapping with keys " + string.Join(", ", BenchmarkKeys));
            }

            var keys = Keys(map, BenchmarkKeys, "a benchmark");
            Require(keys.ContainsKey("name"), node, "a benchmark needs 'name'");
            var samples = keys.TryGetValue("samples", out var s) ? Ints(s, "samples") : [];
            Require(samples.Count <= 1, s!, "'samples' is one number");
            Require(samples.All(x => x > 0), s!, "'samples' must be positive");
            return new BenchmarkAxis(
                Scalar(keys["name"], "name"),
                keys.TryGetValue("tasks", out var t) ? Strings(t, "tasks") : [],
                keys.TryGetValue("frames", out var f) ? Ints(f, "frames") : [],
                keys.TryGetValue("tokens_per_frame", out var n) ? Ints(n, "tokens_per_frame") : [],
                samples.Count == 1 ? samples[0] : null);
        }

        public MethodAxis Method(YamlNode node)
        {
            if (node is YamlScalarNode)
            {
                return new MethodAxis(Scalar(node, "methods"), []);
            }

            if (node is not YamlMappingNode map)
            {
                throw Error(node, "a method is a name or a mapping with keys " + string.Join(", ", MethodKeys));
            }

            var keys = Keys(map, MethodKeys, "a method");
            Require(keys.ContainsKey("name"), node, "a method needs 'name'");
            var parameters = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            if (keys.TryGetValue("params", out var p))
            {
                if (p is not YamlMappingNode pm)
                {
                    throw Error(p, "'params' is a mapping of parameter key to a value or a list of values");
                }

                foreach (var (k, v) in pm.Children)
                {
                    var key = Scalar(k, "params");
                    parameters.Add(new(key, Strings(v, key)));
                }
            }

            return new MethodAxis(Scalar(keys["name"], "name"), parameters);
        }

        public void Require(bool condition, YamlNode at, string message)
        {
            if (!condition)
            {
                throw Error(at, message);
            }
        }

        private SweepFileException Error(YamlNode at, string message) =>
            new($"{file}: line {at.Start.Line}: {message}");
    }

    /// <summary>The line (1-based) and character of the first '[' or '{' left open, outside quotes and comments; null when all close.</summary>
    private static (int Line, char Bracket)? UnclosedBracket(string text)
    {
        var open = new Stack<(int Line, char Bracket)>();
        var line = 1;
        char? quote = null;
        var comment = false;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                comment = false;
                continue;
            }

            if (comment)
            {
                continue;
            }

            if (quote is { } q)
            {
                quote = c == q ? null : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '#':
                    comment = true;
                    break;
                case '[' or '{':
                    open.Push((line, c));
                    break;
                case ']' or '}' when open.Count > 0:
                    open.Pop();
                    break;
            }
        }

        return open.Count > 0 ? open.Reverse().First() : null;
    }

    private static string? Closest(string key, string[] allowed)
    {
        var best = allowed.Select(a => (Key: a, Distance: Levenshtein(key, a))).MinBy(x => x.Distance);
        return best.Distance <= Math.Max(2, key.Length / 3) ? best.Key : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
