namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>nvrtcResult (named by nvrtcGetErrorString when it fails).</summary>
internal enum NvrtcResult
{
    Success = 0,
    ErrorCompilation = 6,
}
