namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>A CUDA driver, NVRTC or cuBLAS call failed; the message names the call and the library's error string.</summary>
public sealed class CudaException : Exception
{
    public CudaException(string message) : base(message)
    {
    }

    public CudaException()
    {
    }

    public CudaException(string message, Exception inner) : base(message, inner)
    {
    }
}
