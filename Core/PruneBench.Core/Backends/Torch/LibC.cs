using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// glibc, for the one call .NET does not offer: <c>setenv</c>. Environment.SetEnvironmentVariable changes only
/// .NET's copy of the environment, and libtorch reads <c>PYTORCH_CUDA_ALLOC_CONF</c> with getenv.
/// </summary>
internal static partial class LibC
{
    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetEnv(string name, string value, int overwrite);
}
