using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Results;

/// <summary>The folder a command writes into (<c>--out</c>, <c>--dump</c>): created and proven writable before anything is written.</summary>
public static class OutputFolder
{
    /// <summary>Creates <paramref name="folder"/> and proves it writable.</summary>
    /// <exception cref="UsageException">The folder cannot be created or written.</exception>
    public static string Prepare(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".prunebench-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Output folder '{folder}' is not writable: {e.Message}", e);
        }
    }
}
