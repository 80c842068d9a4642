using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PruneBench.Harness.Runs;

/// <summary>
/// Everything that determines one run's outcome: one model × one benchmark slice × one method setting ×
/// one seed × the build of the method's plugin. <see cref="RunId"/> hashes exactly these fields, so a resumed
/// sweep recognises finished runs and a rebuilt plugin is measured again.
/// </summary>
/// <param name="Model">Model name or folder as given (shipped name, preset or checkpoint folder).</param>
/// <param name="Benchmark">Benchmark suite name.</param>
/// <param name="Task">Task family.</param>
/// <param name="Frames">m, frames per sample.</param>
/// <param name="TokensPerFrame">n, visual tokens per frame.</param>
/// <param name="Samples">Samples evaluated.</param>
/// <param name="Seed">Seed of the sample draw and of every random method decision.</param>
/// <param name="Method">Method name (<c>none</c> = the unreduced baseline).</param>
/// <param name="MethodArguments">User-set method parameters, canonical: keys sorted, <c>key=value;…</c>.</param>
/// <param name="Budget">Requested mean visual retention, or null when the method's own parameters decide.</param>
/// <param name="MethodBuild">
/// The method's plugin build (<see cref="Plugins.PluginBuild"/>: assembly name, version and content hash); empty for
/// the baseline, which runs no plugin code.
/// </param>
public sealed record RunConfiguration(
    string Model,
    string Benchmark,
    string Task,
    int Frames,
    int TokensPerFrame,
    int Samples,
    int Seed,
    string Method,
    string MethodArguments,
    double? Budget,
    string MethodBuild = "")
{
    /// <summary>Name of the baseline method: the unreduced model.</summary>
    public const string BaselineMethod = "none";

    /// <summary>True for the unreduced run that every other run of its slice is compared with.</summary>
    public bool IsBaseline => Method == BaselineMethod && MethodArguments.Length == 0 && Budget is null;

    /// <summary>The baseline run of the same model, benchmark slice and seed.</summary>
    public RunConfiguration Baseline => this with { Method = BaselineMethod, MethodArguments = "", Budget = null, MethodBuild = "" };

    /// <summary>
    /// Stable 16-hex-digit id: SHA-256 of the identity fields (invariant formatting). The plugin build enters only when
    /// there is one, so baseline ids do not change with plugin builds.
    /// </summary>
    public string RunId
    {
        get
        {
            var text = string.Join('\u001f', "v1", Model, Benchmark, Task, Fmt(Frames), Fmt(TokensPerFrame), Fmt(Samples), Fmt(Seed),
                Method, MethodArguments, Budget is { } b ? b.ToString("R", CultureInfo.InvariantCulture) : "");
            if (MethodBuild.Length > 0)
            {
                text += "\u001f" + MethodBuild;
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    /// <summary>Short human label for progress lines.</summary>
    public string Label
    {
        get
        {
            var method = MethodArguments.Length == 0 ? Method : $"{Method}({MethodArguments})";
            var budget = Budget is { } b ? $" @{b.ToString("0.###", CultureInfo.InvariantCulture)}" : "";
            return $"{Models.ModelResolver.Name(Model)} · {Benchmark}/{Task} {Frames}×{TokensPerFrame} · {method}{budget} · seed {Seed}";
        }
    }

    /// <summary>Canonical form of user method arguments: keys lower-cased and sorted, <c>key=value;…</c>.</summary>
    public static string CanonicalArguments(IEnumerable<KeyValuePair<string, string>> arguments) =>
        string.Join(';', arguments
            .Select(kv => (Key: kv.Key.Trim().ToLowerInvariant(), Value: kv.Value.Trim()))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Fmt(int v) => v.ToString(CultureInfo.InvariantCulture);
}
