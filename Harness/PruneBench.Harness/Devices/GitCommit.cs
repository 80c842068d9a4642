using System.Diagnostics;
using System.Reflection;

namespace PruneBench.Harness.Devices;

/// <summary>
/// The commit results are attributed to: the one the tool was built from (the SDK stamps it into the
/// informational version as "+sha"), else HEAD of the current folder's repository, else "unknown".
/// </summary>
public static class GitCommit
{
    private static readonly Lazy<string> Value = new(Find);

    /// <summary>The commit (40 hex digits) or "unknown".</summary>
    public static string Current => Value.Value;

    private static string Find()
    {
        var info = typeof(GitCommit).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = info?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        if (plus >= 0 && info!.Length - plus - 1 >= 7)
        {
            return info[(plus + 1)..];
        }

        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return "unknown";
            }

            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && text.Length >= 7 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed.
            return "unknown";
        }
    }
}
