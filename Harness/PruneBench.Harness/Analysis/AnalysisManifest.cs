using System.Text.Json;
using System.Text.Json.Serialization;

namespace PruneBench.Harness.Analysis;

/// <summary>analysis.json beside analysis.csv: how the analysis was produced (slice, settings, device, commit).</summary>
/// <param name="Tool">"prunebench".</param>
/// <param name="GitCommit">Commit of the build.</param>
/// <param name="CreatedUtc">When the analysis finished.</param>
/// <param name="CommandLine">The command line as typed.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="Model">Model name.</param>
/// <param name="Benchmark">Benchmark suite.</param>
/// <param name="Tasks">Tasks drawn.</param>
/// <param name="Frames">m.</param>
/// <param name="TokensPerFrame">n.</param>
/// <param name="SamplesPerTask">Samples per task.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Skipped">Settings that could not run on this model, with the reason.</param>
/// <param name="Failed">Settings whose run threw, with the exception.</param>
public sealed record AnalysisManifest(
    string Tool,
    string GitCommit,
    string CreatedUtc,
    string CommandLine,
    string Device,
    string Model,
    string Benchmark,
    IReadOnlyList<string> Tasks,
    int Frames,
    int TokensPerFrame,
    int SamplesPerTask,
    int Seed,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Failed)
{
    /// <summary>File name in an analysis folder.</summary>
    public const string FileName = "analysis.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Writes the manifest into <paramref name="folder"/>.</summary>
    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options) + "\n");

    /// <summary>Reads <paramref name="path"/>; null when it is absent.</summary>
    /// <exception cref="Results.ResultsSchemaException">Not an analysis manifest; names the file.</exception>
    public static AnalysisManifest? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AnalysisManifest>(File.ReadAllText(path), Options)
                   ?? throw new JsonException("null manifest");
        }
        catch (JsonException e)
        {
            throw new Results.ResultsSchemaException($"'{path}' is not an analysis manifest: {e.Message}", e);
        }
    }
}
