using System.Runtime.InteropServices;
using TorchSharp;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// Loads libtorch once per process, as TorchSharp documents for a PyTorch install: the libraries are
/// loaded by full path through <see cref="NativeLibrary"/> (so TorchSharp's own by-name loads find them
/// already mapped), then TorchSharp initialises CUDA. Never throws: the outcome is a reported state.
/// </summary>
public static class LibTorchRuntime
{
    /// <summary>
    /// libtorch's allocator setting. The stream-ordered CUDA pool lets the driver report the exact peak of
    /// allocated bytes (<see cref="DevicePoolMemory"/>); TorchSharp exposes no allocator statistics.
    /// </summary>
    internal const string AllocatorConfig = "backend:cudaMallocAsync";

    /// <summary>
    /// True when libtorch allocates from the driver's stream-ordered pool, which is what <see cref="DevicePoolMemory"/>
    /// reads: PYTORCH_CUDA_ALLOC_CONF unset (we set <see cref="AllocatorConfig"/>) or a user value that selects the
    /// cudaMallocAsync backend. Any other value (e.g. expandable_segments:True) keeps PyTorch's caching allocator, whose
    /// memory the pool never sees: memory is then reported as not measured rather than as zero.
    /// </summary>
    internal static bool AllocatesFromDevicePool => SelectsDevicePool(Environment.GetEnvironmentVariable("PYTORCH_CUDA_ALLOC_CONF"));

    /// <summary>Whether a PYTORCH_CUDA_ALLOC_CONF value (null = unset, we set ours) leaves libtorch on the driver's pool.</summary>
    internal static bool SelectsDevicePool(string? conf) =>
        conf is null || conf.Replace(" ", "").Contains("backend:cudaMallocAsync", StringComparison.Ordinal);

    // Dependency order: each library's DT_NEEDED entries are already mapped when it is loaded.
    private static readonly string[] Libraries = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static (LibTorchInstall? Install, string Reason)? _outcome;

    /// <summary>
    /// Loads libtorch with CUDA; returns the install, or null with <paramref name="reason"/>: "libtorch not
    /// found: …", "libtorch … could not be loaded: …", "libtorch 2.x at DIR was refused by TorchSharp 0.107.0: …"
    /// or "CUDA unavailable: …". The first call decides for the whole process.
    /// </summary>
    public static LibTorchInstall? Load(out string reason)
    {
        lock (Gate)
        {
            _outcome ??= LoadOnce();
            reason = _outcome.Value.Reason;
            return _outcome.Value.Install;
        }
    }

    private static (LibTorchInstall?, string) LoadOnce()
    {
        var install = LibTorchLocator.Locate(out var why);
        if (install is null)
        {
            return (null, why);
        }

        if (Environment.GetEnvironmentVariable("PYTORCH_CUDA_ALLOC_CONF") is null)
        {
            _ = LibC.SetEnv("PYTORCH_CUDA_ALLOC_CONF", AllocatorConfig, 0);
        }

        foreach (var name in Libraries)
        {
            var path = Path.Combine(install.Directory, name);
            if (!File.Exists(path))
            {
                continue; // older or differently split builds; TorchSharp's load reports what is truly missing
            }

            try
            {
                NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                return (null, $"libtorch {install.Version} ({install.Source}) could not be loaded: {path}: {e.Message}");
            }
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or EntryPointNotFoundException or ExternalException or InvalidOperationException)
        {
            return (null, $"libtorch {install.Version} at {install.Directory} was refused by TorchSharp {typeof(torch).Assembly.GetName().Version}: {FirstLine(e.Message)}");
        }

        return torch.cuda.is_available()
            ? (install, "")
            : (null, $"CUDA unavailable: libtorch {install.Version} at {install.Directory} loaded, but it sees no CUDA device.");
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
