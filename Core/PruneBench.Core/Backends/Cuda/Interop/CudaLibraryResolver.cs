using System.Reflection;
using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>
/// The one place that maps the logical library names used by [LibraryImport] ("cuda", "nvrtc", "cublas")
/// to versioned sonames (CUDA 13 first, then 12) and searches CUDA_HOME, CUDA_LIB_DIRS, LD_LIBRARY_PATH
/// and the standard toolkit folders. libcublasLt is preloaded from the folder libcublas is found in so
/// that libcublas's DT_NEEDED entry resolves even when that folder is not on the loader's path.
/// </summary>
internal static class CudaLibraryResolver
{
    internal const string Driver = "cuda";
    internal const string Nvrtc = "nvrtc";
    internal const string Cublas = "cublas";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, nint> Loaded = [];
    private static bool _registered;

    private static readonly Dictionary<string, string[]> Sonames = new()
    {
        [Driver] = ["libcuda.so.1", "libcuda.so"],
        [Nvrtc] = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"],
        [Cublas] = ["libcublas.so.13", "libcublas.so.12", "libcublas.so"],
    };

    private static readonly Dictionary<string, string> Companions = new()
    {
        ["libcublas.so.13"] = "libcublasLt.so.13",
        ["libcublas.so.12"] = "libcublasLt.so.12",
        ["libcublas.so"] = "libcublasLt.so",
    };

    /// <summary>Installs the resolver for this assembly (idempotent).</summary>
    internal static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(CudaLibraryResolver).Assembly, Resolve);
            _registered = true;
        }
    }

    /// <summary>Loads <paramref name="logicalName"/>; on failure <paramref name="reason"/> says which sonames were looked for and where.</summary>
    internal static bool TryLoad(string logicalName, out nint handle, out string reason)
    {
        Register();
        lock (Gate)
        {
            if (Loaded.TryGetValue(logicalName, out handle))
            {
                reason = "";
                return true;
            }

            var names = Sonames[logicalName];
            var folders = SearchFolders();
            foreach (var name in names)
            {
                foreach (var folder in folders)
                {
                    var path = Path.Combine(folder, name);
                    if (File.Exists(path) && TryLoadWithCompanion(name, folder, path, out handle))
                    {
                        Loaded[logicalName] = handle;
                        reason = "";
                        return true;
                    }
                }
            }

            // Last resort: the system loader (ld.so.cache, RUNPATH), which is where the driver usually lives.
            foreach (var name in names)
            {
                if (NativeLibrary.TryLoad(name, out handle))
                {
                    Loaded[logicalName] = handle;
                    reason = "";
                    return true;
                }
            }

            handle = 0;
            reason = $"{names[0]} not found (tried {string.Join(", ", names)} in {string.Join(":", folders)} and the system loader path)";
            return false;
        }
    }

    private static bool TryLoadWithCompanion(string name, string folder, string path, out nint handle)
    {
        if (Companions.TryGetValue(name, out var companion))
        {
            var companionPath = Path.Combine(folder, companion);
            if (File.Exists(companionPath))
            {
                NativeLibrary.TryLoad(companionPath, out _);
            }
        }

        return NativeLibrary.TryLoad(path, out handle);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Sonames.ContainsKey(libraryName))
        {
            return 0;
        }

        if (TryLoad(libraryName, out var handle, out var reason))
        {
            return handle;
        }

        throw new DllNotFoundException($"CUDA unavailable: {reason}");
    }

    /// <summary>Folders to search, most specific first, without duplicates.</summary>
    private static List<string> SearchFolders()
    {
        var folders = new List<string>();
        void AddList(string? list)
        {
            if (string.IsNullOrWhiteSpace(list))
            {
                return;
            }

            foreach (var f in list.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!folders.Contains(f) && Directory.Exists(f))
                {
                    folders.Add(f);
                }
            }
        }

        var cudaHome = Environment.GetEnvironmentVariable("CUDA_HOME") ?? Environment.GetEnvironmentVariable("CUDA_PATH");
        if (!string.IsNullOrWhiteSpace(cudaHome))
        {
            AddList($"{cudaHome}/lib64:{cudaHome}/targets/x86_64-linux/lib:{cudaHome}/lib");
        }

        AddList(Environment.GetEnvironmentVariable("CUDA_LIB_DIRS"));
        AddList(Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"));
        AddList("/usr/local/cuda/lib64:/usr/local/cuda/targets/x86_64-linux/lib");
        if (Directory.Exists("/usr/local"))
        {
            // Versioned toolkits (/usr/local/cuda-13.0, …), newest first.
            foreach (var dir in Directory.GetDirectories("/usr/local", "cuda-*").OrderDescending(StringComparer.Ordinal))
            {
                AddList($"{dir}/targets/x86_64-linux/lib:{dir}/lib64");
            }
        }

        AddList("/usr/lib/x86_64-linux-gnu:/usr/lib64:/usr/lib:/usr/lib/wsl/lib");
        return folders;
    }
}
