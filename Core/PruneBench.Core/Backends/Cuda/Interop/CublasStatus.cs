namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>cublasStatus_t (named by cublasGetStatusName/String when it fails).</summary>
internal enum CublasStatus
{
    Success = 0,
    AllocFailed = 3,
}
