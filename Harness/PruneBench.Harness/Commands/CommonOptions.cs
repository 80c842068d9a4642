using System.CommandLine;
using PruneBench.Harness.Devices;

namespace PruneBench.Harness.Commands;

/// <summary>Factories of the options several commands share (each command needs its own instances).</summary>
public static class CommonOptions
{
    /// <summary><c>--plugins DIR</c>, repeatable: extra plugin folders or assemblies.</summary>
    public static Option<string[]> Plugins() => new("--plugins")
    {
        Description = "Extra plugin folder or .dll (repeatable). The plugins/ folder next to prunebench is always loaded.",
        DefaultValueFactory = _ => [],
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--backend auto|torch|native|cpu|cuda</c> (alias <c>--device</c>).</summary>
    public static Option<string> Device()
    {
        var option = new Option<string>("--backend", "--device")
        {
            Description = "auto (torch when libtorch loads and a GPU is there, else native, else the CPU, saying which and why), "
                + "torch (libtorch via TorchSharp), native (driver-API CUDA backend), cpu, or cuda (a GPU backend or fail).",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong([.. DeviceResolver.Choices]);
        return option;
    }

    /// <summary><c>--quiet</c>.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "No per-run progress output; only the summary and errors.",
    };

    /// <summary><c>--out DIR</c> with a default folder.</summary>
    public static Option<string> Output(string defaultFolder) => new("--out", "-o")
    {
        Description = $"Output folder (default {defaultFolder}).",
        DefaultValueFactory = _ => defaultFolder,
    };

    /// <summary>The command line as typed, for sweep.json.</summary>
    public static string CommandLine(ParseResult parse) => "prunebench " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value));

    /// <summary>Splits comma-separated and repeated values: ["a,b", "c"] → [a, b, c].</summary>
    public static IReadOnlyList<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    /// <summary>Parses comma-separated or repeated integers; the message names the option.</summary>
    /// <exception cref="UsageException">A value is not an integer.</exception>
    public static IReadOnlyList<int> Ints(IEnumerable<string>? values, string option) =>
        Split(values).Select(s => int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new UsageException($"{option}: '{s}' is not an integer.")).ToArray();
}
