using System.Text.Json;
using System.Text.Json.Serialization;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// sweep.json beside the results: the resolved grid, device, plugins, command line and the commit, so
/// that a results folder says how it was produced, and the <c>CUDA_VISIBLE_DEVICES</c> it ran with (a worker of
/// <c>sweep --gpus</c> sees one GPU), and each checkpoint model's content fingerprint
/// (<see cref="Models.CheckpointFingerprint"/>: a resume refuses to add rows to those of a changed checkpoint,
/// <see cref="CheckpointGuard"/>). Rewritten by every invocation (resumes included).
/// </summary>
public sealed record SweepManifest(
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("git_commit")] string GitCommit,
    [property: JsonPropertyName("created_utc")] string CreatedUtc,
    [property: JsonPropertyName("command_line")] string CommandLine,
    [property: JsonPropertyName("device_requested")] string DeviceRequested,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("plugins")] IReadOnlyList<string> Plugins,
    [property: JsonPropertyName("spec")] SweepSpec Spec,
    [property: JsonPropertyName("shard")] string Shard,
    [property: JsonPropertyName("runs")] int Runs,
    [property: JsonPropertyName("results")] string Results,
    [property: JsonPropertyName("cuda_visible_devices")] string? CudaVisibleDevices,
    [property: JsonPropertyName("models")] IReadOnlyDictionary<string, string> Models)
{
    /// <summary>File name in the output folder.</summary>
    public const string FileName = "sweep.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>
    /// The model fingerprints recorded in <paramref name="folder"/>'s sweep.json; empty when there is none, or it was
    /// written before fingerprints were recorded, or it cannot be read (nothing to compare with).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadModels(string folder)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, FileName)));
            return document.RootElement.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Object
                ? models.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
                : new Dictionary<string, string>();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>Writes the manifest into <paramref name="folder"/>.</summary>
    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options) + "\n");
}
