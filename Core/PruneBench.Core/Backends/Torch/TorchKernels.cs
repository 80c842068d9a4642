using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Backends.Cuda.Interop;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// The fused kernels of Kernels/fused.cu, compiled by NVRTC (the native backend's compiler and disk cache) and
/// launched on libtorch's current stream — the legacy default stream, which libtorch uses unless a stream is
/// set — in the device's primary context, which libtorch's runtime shares. Arguments are libtorch tensors
/// (raw pointers through <see cref="LibTorchSharpNative"/>); their dtype picks the _f32 or _bf16 entry point.
/// </summary>
internal sealed class TorchKernels : IDisposable
{
    internal const string File = "fused";
    private const int Threads = 256;
    private readonly CudaPrimaryContextHandle _context;
    private readonly CudaKernelLibrary _library;
    private readonly int _multiprocessors;

    private TorchKernels(CudaPrimaryContextHandle context, CudaKernelLibrary library, int multiprocessors)
    {
        _context = context;
        _library = library;
        _multiprocessors = multiprocessors;
    }

    /// <summary>Opens the kernels of device <paramref name="ordinal"/>, or null with the reason (no NVRTC, driver error).</summary>
    public static TorchKernels? TryOpen(int ordinal, out string reason)
    {
        reason = "";
        foreach (var library in new[] { CudaLibraryResolver.Driver, CudaLibraryResolver.Nvrtc })
        {
            if (!CudaLibraryResolver.TryLoad(library, out _, out var why))
            {
                reason = why;
                return null;
            }
        }

        try
        {
            var info = CudaDeviceInfo.Query(ordinal);
            CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGet(out var device, ordinal));
            CudaStatus.ThrowIfFailed(CudaDriver.cuDevicePrimaryCtxRetain(out var ctx, device));
            var context = new CudaPrimaryContextHandle(ctx, device);
            return new TorchKernels(context, new CudaKernelLibrary(ctx, new KernelCompiler(info.Major, info.Minor)), info.Multiprocessors);
        }
        catch (CudaException e)
        {
            reason = e.Message;
            return null;
        }
    }

    /// <summary>Device pointer of <paramref name="t"/>'s first element.</summary>
    internal static nint Ptr(TT t) => LibTorchSharpNative.TensorData(t.Handle);

    /// <summary>Blocks for a grid-stride loop over <paramref name="n"/> elements.</summary>
    internal uint StrideBlocks(long n) => (uint)Math.Clamp((n + Threads - 1) / Threads, 1, (long)_multiprocessors * 32);

    /// <summary>Launches <paramref name="name"/>_f32 or _bf16 (by <paramref name="dtype"/>) with a (gridX, gridY) grid of <paramref name="block"/> threads.</summary>
    internal unsafe void Launch(string name, torch.ScalarType dtype, uint gridX, uint gridY, uint block, uint sharedBytes, ref KernelArguments args)
    {
        var entry = dtype switch
        {
            torch.ScalarType.Float32 => name + "_f32",
            torch.ScalarType.BFloat16 => name + "_bf16",
            _ => throw new ArgumentException($"{name}: no entry point for {dtype}.", nameof(dtype)),
        };
        LaunchFromFile(File, entry, gridX, gridY, block, sharedBytes, ref args);
    }

    /// <summary>
    /// Launches kernel <paramref name="name"/> of kernel file <paramref name="file"/> as is: fused.cu's, or a
    /// dtype-free kernel the native backend compiles from the same sources (its fp32 selection kernels).
    /// </summary>
    internal unsafe void LaunchFromFile(string file, string name, uint gridX, uint gridY, uint block, uint sharedBytes, ref KernelArguments args)
    {
        // libtorch made the primary context current on this thread at its first CUDA call; make sure of it.
        CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSetCurrent(_context.DangerousGetHandle()));
        var function = _library.Function(file, name);
        if (sharedBytes > 48 * 1024)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuFuncSetAttribute(function, CudaDriver.FunctionAttributeMaxDynamicSharedSizeBytes, (int)sharedBytes));
        }

        var p = stackalloc nint[KernelArguments.Capacity];
        args.Pointers(p);
        CudaStatus.ThrowIfFailed(CudaDriver.cuLaunchKernel(function, gridX, gridY, 1, block, 1, 1, sharedBytes, 0, p, null), $"cuLaunchKernel({name})");
    }

    /// <summary>Threads per block of the row kernels and grid-stride loops.</summary>
    internal static uint Block => Threads;

    /// <summary>Widest row t_rms_norm8_bf16 keeps in registers: 8 columns × RMS8_KEEP (4) vectors × 256 threads.</summary>
    internal const int RmsNorm8MaxWidth = 8 * 4 * 256;

    /// <summary>Most 8-column vectors per group t_gated_rms_norm8_bf16 keeps in registers: GATED8_KEEP (2) × 256 threads.</summary>
    internal const int GatedNorm8MaxVectors = 2 * 256;

    /// <summary>True when every tensor's data starts on a 16-byte boundary (the eight-column bf16 kernels' accesses).</summary>
    internal static bool Aligned16(params TT[] tensors) => tensors.All(t => Ptr(t) % 16 == 0);

    /// <summary>Rows per thread of t_conv_silu (CONV_ROWS in fused.cu).</summary>
    internal const int ConvRows = 32;

    /// <summary>An event timer on the legacy default stream (libtorch's current stream, where <see cref="LaunchFromFile"/> queues too).</summary>
    internal IDeviceTimer CreateTimer() => new CudaEventTimer(_context.DangerousGetHandle(), 0);

    public void Dispose()
    {
        _library.Dispose();
        _context.Dispose();
    }
}
