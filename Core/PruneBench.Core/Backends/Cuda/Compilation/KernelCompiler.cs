using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Cuda.Compilation;

/// <summary>
/// Compiles the embedded kernel sources (resources "PruneBench.Kernels.&lt;file&gt;.cu", with prelude.cu
/// prepended) to a cubin for one architecture with NVRTC, and caches the cubin on disk under
/// $PRUNEBENCH_KERNEL_CACHE or ~/.cache/prunebench/kernels, keyed by a hash of source, options and NVRTC
/// version. A cache folder that cannot be written only costs a recompilation.
/// </summary>
internal sealed class KernelCompiler
{
    private const string ResourcePrefix = "PruneBench.Kernels.";
    private readonly string _architecture;
    private readonly string _nvrtcVersion;
    private readonly string? _cacheFolder;

    internal KernelCompiler(int major, int minor)
    {
        _architecture = $"sm_{major}{minor}";
        CudaStatus.ThrowIfFailed(Nvrtc.nvrtcVersion(out var vMajor, out var vMinor));
        _nvrtcVersion = $"{vMajor}.{vMinor}";
        _cacheFolder = CacheFolder();
    }

    /// <summary>"13.0" and the like.</summary>
    internal string NvrtcVersion => _nvrtcVersion;

    /// <summary>"sm_90" and the like.</summary>
    internal string Architecture => _architecture;

    /// <summary>Names of the kernel files (without extension), prelude excluded.</summary>
    internal static IReadOnlyList<string> KernelFiles() =>
        [.. typeof(KernelCompiler).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".cu", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^3])
            .Where(n => n != "prelude")
            .Order(StringComparer.Ordinal)];

    /// <summary>The extern "C" __global__ functions declared in kernel file <paramref name="file"/>.</summary>
    internal static IReadOnlyList<string> KernelNames(string file) =>
        [.. System.Text.RegularExpressions.Regex.Matches(ReadResource(file), @"extern ""C"" __global__ void (?:__launch_bounds__\([^)]*\) )?(\w+)\(")
            .Select(m => m.Groups[1].Value)];

    /// <summary>The cubin of kernel file <paramref name="file"/> (e.g. "attention"), from the cache or freshly compiled.</summary>
    internal byte[] Compile(string file) =>
        CompileSource(file, ReadResource("prelude") + "\n#line 1 \"" + file + ".cu\"\n" + ReadResource(file));

    /// <summary>The cubin of <paramref name="source"/> (named <paramref name="file"/>.cu in diagnostics), cached by hash.</summary>
    internal byte[] CompileSource(string file, string source)
    {
        string[] options = [$"--gpu-architecture={_architecture}", "--std=c++17", "-default-device"];
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            source + "\0" + string.Join(' ', options) + "\0nvrtc " + _nvrtcVersion)))[..24];
        var cachePath = _cacheFolder is null ? null : Path.Combine(_cacheFolder, $"{file}-{key}-{_architecture}.cubin");
        if (cachePath is not null && File.Exists(cachePath))
        {
            return File.ReadAllBytes(cachePath);
        }

        var cubin = CompileWithNvrtc(file, source, options);
        if (cachePath is not null)
        {
            try
            {
                var temp = cachePath + "." + Environment.ProcessId + ".tmp";
                File.WriteAllBytes(temp, cubin);
                File.Move(temp, cachePath, overwrite: true);
            }
            catch (IOException)
            {
                // Another process wrote it, or the disk is full: the cubin in memory is still good.
            }
            catch (UnauthorizedAccessException)
            {
                // Read-only cache folder: compile again next time.
            }
        }

        return cubin;
    }

    private static unsafe byte[] CompileWithNvrtc(string file, string source, string[] options)
    {
        CudaStatus.ThrowIfFailed(Nvrtc.nvrtcCreateProgram(out var raw, source, file + ".cu", 0, 0, 0));
        using var program = new NvrtcProgramHandle(raw);
        var optionPointers = options.Select(o => Marshal.StringToCoTaskMemUTF8(o)).ToArray();
        NvrtcResult result;
        try
        {
            fixed (nint* p = optionPointers)
            {
                result = Nvrtc.nvrtcCompileProgram(raw, options.Length, p);
            }
        }
        finally
        {
            foreach (var p in optionPointers)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }

        if (result != NvrtcResult.Success)
        {
            throw new CudaException(
                $"NVRTC failed to compile kernel file {file}.cu ({string.Join(' ', options)}): " +
                $"{CudaStatus.Describe(result, (int)result)}\n{ProgramLog(raw)}");
        }

        CudaStatus.ThrowIfFailed(Nvrtc.nvrtcGetCUBINSize(raw, out var size));
        var cubin = new byte[(int)size];
        fixed (byte* p = cubin)
        {
            CudaStatus.ThrowIfFailed(Nvrtc.nvrtcGetCUBIN(raw, p));
        }

        return cubin;
    }

    private static unsafe string ProgramLog(nint program)
    {
        if (Nvrtc.nvrtcGetProgramLogSize(program, out var size) != NvrtcResult.Success || size <= 1)
        {
            return "(no compiler log)";
        }

        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            Nvrtc.nvrtcGetProgramLog(program, p);
        }

        return Encoding.UTF8.GetString(log, 0, log.Length - 1);
    }

    private static string ReadResource(string file)
    {
        var name = ResourcePrefix + file + ".cu";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Kernel source resource '{name}' is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string? CacheFolder()
    {
        var folder = Environment.GetEnvironmentVariable("PRUNEBENCH_KERNEL_CACHE");
        if (string.IsNullOrWhiteSpace(folder))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
            if (root is null)
            {
                return null;
            }

            folder = Path.Combine(root, "prunebench", "kernels");
        }

        try
        {
            Directory.CreateDirectory(folder);
            return folder;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
