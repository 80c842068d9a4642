using System.Reflection;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// How to start this same prunebench again, for worker processes and cluster scripts: <c>dotnet /path/prunebench.dll</c>
/// when it runs under the dotnet host, else the apphost itself.
/// </summary>
public static class SelfInvocation
{
    /// <summary>The program and the arguments that precede a command (absolute paths).</summary>
    public static IReadOnlyList<string> Prefix()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" && !string.IsNullOrEmpty(entry)
            ? [host, Path.GetFullPath(entry)]
            : [host];
    }
}
