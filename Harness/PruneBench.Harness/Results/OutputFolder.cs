using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Results;

/// <summary>The folder a command writes into (<c>--out</c>, <c>--dump</c>): created and proven writable before anything is written.</summary>
public static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="folder"/> and proves it writable, after checking that none of the
    /// <paramref name="files"/> the command will write is taken by a folder of that name.
    /// </summary>
    /// <exception cref="UsageException">The folder cannot be created or written, or a file name is taken by a folder.</exception>
    public static string Prepare(string folder, params IReadOnlyList<string> files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            if (Directory.Exists(path))
            {
                throw new UsageException($"Output folder '{folder}' holds a folder named '{file}' where prunebench writes a file: move it away or choose another --out.");
            }
        }

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
