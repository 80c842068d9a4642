using System.Text.Json;

namespace PruneBench.Harness.Publishing;

/// <summary>What a site shows of a results folder's sweep.json: how and where its rows were produced.</summary>
/// <param name="CommandLine">The command line of the last invocation that wrote to the folder.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="GitCommit">Commit of the prunebench build.</param>
/// <param name="CreatedUtc">When that invocation started.</param>
public sealed record SweepProvenance(string CommandLine, string Device, string GitCommit, string CreatedUtc)
{
    /// <summary>Reads the fields of <paramref name="path"/> (a sweep.json); null when the file is absent.</summary>
    /// <exception cref="Results.ResultsSchemaException">The file is not JSON; names it.</exception>
    public static SweepProvenance? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            string Field(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            return new SweepProvenance(Field("command_line"), Field("device"), Field("git_commit"), Field("created_utc"));
        }
        catch (JsonException e)
        {
            throw new Results.ResultsSchemaException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }
}
