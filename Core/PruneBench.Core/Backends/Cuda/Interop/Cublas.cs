using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>cuBLAS (libcublas.so.13 / .12): the bf16 GEMM with fp32 accumulation behind Linear.</summary>
internal static unsafe partial class Cublas
{
    private const string Lib = CudaLibraryResolver.Cublas;

    internal const int OpN = 0;
    internal const int OpT = 1;

    /// <summary>cudaDataType CUDA_R_32F.</summary>
    internal const int DataF32 = 0;

    /// <summary>cudaDataType CUDA_R_16BF.</summary>
    internal const int DataBF16 = 14;

    /// <summary>cublasComputeType_t CUBLAS_COMPUTE_32F.</summary>
    internal const int Compute32F = 68;

    /// <summary>cublasGemmAlgo_t CUBLAS_GEMM_DEFAULT.</summary>
    internal const int GemmDefault = -1;

    [LibraryImport(Lib, EntryPoint = "cublasCreate_v2")]
    internal static partial CublasStatus cublasCreate(out nint handle);

    [LibraryImport(Lib, EntryPoint = "cublasDestroy_v2")]
    internal static partial CublasStatus cublasDestroy(nint handle);

    [LibraryImport(Lib, EntryPoint = "cublasSetStream_v2")]
    internal static partial CublasStatus cublasSetStream(nint handle, nint stream);

    [LibraryImport(Lib, EntryPoint = "cublasGetVersion_v2")]
    internal static partial CublasStatus cublasGetVersion(nint handle, out int version);

    [LibraryImport(Lib)]
    internal static partial nint cublasGetStatusName(CublasStatus status);

    [LibraryImport(Lib)]
    internal static partial nint cublasGetStatusString(CublasStatus status);

    [LibraryImport(Lib)]
    internal static partial CublasStatus cublasGemmEx(
        nint handle, int transA, int transB, int m, int n, int k,
        float* alpha, nint a, int aType, int lda,
        nint b, int bType, int ldb,
        float* beta, nint c, int cType, int ldc,
        int computeType, int algorithm);
}
