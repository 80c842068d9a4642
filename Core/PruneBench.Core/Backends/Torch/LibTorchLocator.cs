using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// Finds a CUDA libtorch, in the order of issue 11: (1) the TorchSharp-cuda-linux package's native files next to
/// the application, (2) <c>PRUNEBENCH_LIBTORCH=DIR</c>, (3) the <c>torch/lib</c> of the <c>python3</c> on PATH.
/// Pure file-system work: nothing is loaded here (see <see cref="LibTorchRuntime"/>).
/// </summary>
public static partial class LibTorchLocator
{
    /// <summary>Environment variable naming a libtorch folder.</summary>
    public const string EnvironmentVariable = "PRUNEBENCH_LIBTORCH";

    /// <summary>The library whose presence marks a CUDA libtorch folder.</summary>
    internal const string CudaLibrary = "libtorch_cuda.so";

    /// <summary>
    /// Returns the install, or null with <paramref name="reason"/> naming every place looked at
    /// ("libtorch not found: …").
    /// </summary>
    public static LibTorchInstall? Locate(out string reason)
    {
        var tried = new List<string>();
        foreach (var dir in new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") })
        {
            if (File.Exists(Path.Combine(dir, CudaLibrary)))
            {
                reason = "";
                return new LibTorchInstall(dir, VersionOf(dir), "TorchSharp-cuda-linux package");
            }

            tried.Add(dir);
        }

        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env))
        {
            // An explicit setting that is wrong is an error, not a reason to look elsewhere.
            if (File.Exists(Path.Combine(env, CudaLibrary)))
            {
                reason = "";
                return new LibTorchInstall(Path.GetFullPath(env), VersionOf(env), EnvironmentVariable);
            }

            reason = $"libtorch not found: {EnvironmentVariable}={env} has no {CudaLibrary}.";
            return null;
        }

        tried.Add($"{EnvironmentVariable} (unset)");
        var python = PythonTorchLib(out var pythonNote);
        if (python is not null && File.Exists(Path.Combine(python, CudaLibrary)))
        {
            reason = "";
            return new LibTorchInstall(python, VersionOf(python), $"python3 ({Path.GetDirectoryName(python)})");
        }

        tried.Add(python is null ? $"python3 ({pythonNote})" : $"python3's {python} (no {CudaLibrary})");
        reason = $"libtorch not found: looked in {string.Join("; ", tried)}. Add the TorchSharp-cuda-linux package, set {EnvironmentVariable}=DIR, or install PyTorch with CUDA for python3.";
        return null;
    }

    /// <summary>
    /// The version stated next to the libraries: torch/version.py (<c>__version__ = '2.11.0+cu130'</c>) of a
    /// PyTorch install, or build-version of a libtorch archive; "unknown" when neither is there.
    /// </summary>
    internal static string VersionOf(string libDirectory)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(libDirectory))) ?? libDirectory;
        var versionPy = Path.Combine(parent, "version.py");
        if (File.Exists(versionPy))
        {
            var m = VersionLine().Match(File.ReadAllText(versionPy));
            if (m.Success)
            {
                return m.Groups[1].Value;
            }
        }

        var buildVersion = Path.Combine(parent, "build-version");
        return File.Exists(buildVersion) ? File.ReadAllText(buildVersion).Trim() : "unknown";
    }

    private static string? PythonTorchLib(out string note)
    {
        try
        {
            // find_spec locates the package without importing it (an import would load CUDA in python3).
            var start = new ProcessStartInfo("python3", ["-c", "import importlib.util,os;s=importlib.util.find_spec('torch');print(os.path.join(os.path.dirname(s.origin),'lib') if s else '')"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(start);
            if (p is null)
            {
                note = "could not start";
                return null;
            }

            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(30_000);
            note = output.Length == 0 ? "has no torch package" : "";
            return output.Length == 0 ? null : output;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            note = $"not on PATH: {e.Message}";
            return null;
        }
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex VersionLine();
}
