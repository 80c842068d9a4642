using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// TorchSharp's native shim, for the one entry point its managed API does not expose usefully:
/// <c>Tensor.storage&lt;BFloat16&gt;()</c> throws, so raw device pointers come from <c>THSTensor_data</c>
/// (the tensor's data_ptr, storage offset included).
/// </summary>
internal static partial class LibTorchSharpNative
{
    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    internal static partial nint TensorData(nint tensor);
}
