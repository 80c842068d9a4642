using System.Globalization;
using PruneBench.Core.Backends.Cuda.Compilation;
using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Core.Backends.Cuda.Memory;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>
/// <see cref="IBackend"/> on one NVIDIA GPU through the CUDA driver API, NVRTC-compiled kernels and cuBLAS.
/// Dtype policy: weights live on the device as bf16 (<see cref="LoadWeight"/>, <see cref="RandomWeight"/>);
/// activations are fp32; every reduction accumulates in fp32. GEMM operands are rounded to bf16 and
/// multiplied by cuBLAS with fp32 accumulation and fp32 output, which is what a bf16 model does; all other
/// ops read fp32 activations, so the only precision loss relative to the fp32 CPU backend is bf16 weight
/// storage and the bf16 rounding of GEMM inputs (docs/gpu.md derives the test tolerances from this).
/// All work is queued on one stream; <see cref="ToHost"/> waits for it. Create with <see cref="TryCreate"/>.
/// </summary>
public sealed partial class CudaBackend : IBackend
{
    private const int Threads = 256;
    private const long StagingBytes = 64L << 20;

    private readonly CudaPrimaryContextHandle _context;
    private readonly CudaStreamHandle _stream;
    private readonly CudaEventHandle _timerStart;
    private readonly CudaEventHandle _timerEnd;
    private readonly CublasHandle _cublas;
    private readonly CudaDeviceAllocator _allocator;
    private readonly PinnedStaging _staging;
    private readonly CudaKernelLibrary _kernels;
    private readonly Lock _gate = new();
    private bool _disposed;

    private CudaBackend(CudaDeviceInfo info, CudaPrimaryContextHandle context, CudaStreamHandle stream, CudaEventHandle timerStart, CudaEventHandle timerEnd,
                        CublasHandle cublas, KernelCompiler compiler)
    {
        Info = info;
        _context = context;
        _stream = stream;
        _timerStart = timerStart;
        _timerEnd = timerEnd;
        _cublas = cublas;
        var ctx = context.DangerousGetHandle();
        _allocator = new CudaDeviceAllocator(ctx);
        _staging = new PinnedStaging(ctx, stream.DangerousGetHandle(), StagingBytes);
        _kernels = new CudaKernelLibrary(ctx, compiler);
        SynchronizeAfterEachOp = Environment.GetEnvironmentVariable("PRUNEBENCH_CUDA_SYNC") == "1";
        Name = string.Create(CultureInfo.InvariantCulture,
            $"cuda:{info.Ordinal} {info.Name} (driver {info.DriverVersion}, CUDA {info.DriverCudaVersion}, sm_{info.Major}{info.Minor}, NVRTC {compiler.NvrtcVersion})");
    }

    /// <summary>Device description, e.g. "cuda:0 NVIDIA H200 (driver 580.95.05, CUDA 13.0, sm_90, NVRTC 13.0)".</summary>
    public string Name { get; }

    /// <inheritdoc />
    public DeviceKind Device => DeviceKind.Cuda;

    /// <summary>The device's marketing name, for results rows.</summary>
    public string DeviceName => Info.Name;

    /// <summary>The NVIDIA driver version, for results rows.</summary>
    public string DriverVersion => Info.DriverVersion;

    /// <summary>Everything known about the device.</summary>
    public CudaDeviceInfo Info { get; }

    /// <summary>
    /// Debug mode: synchronise and check for errors after every kernel, so an asynchronous launch failure
    /// is reported by the op that caused it. On when PRUNEBENCH_CUDA_SYNC=1; the GPU tests turn it on.
    /// </summary>
    public bool SynchronizeAfterEachOp { get; set; }

    /// <inheritdoc />
    public MemoryStats Memory => _allocator.Stats;

    /// <summary>Bytes of freed blocks the caching allocator keeps for reuse.</summary>
    public long CachedBytes => _allocator.CachedBytes;

    /// <summary>The NVRTC front end of this device's kernels (tests compile broken sources through it).</summary>
    internal KernelCompiler Compiler => _kernels.Compiler;

    /// <summary>
    /// Opens device <paramref name="ordinal"/>. Never throws for a missing driver, library or GPU:
    /// returns false with <paramref name="reason"/> such as "CUDA unavailable: libcuda.so.1 not found (…)".
    /// </summary>
    public static bool TryCreate(out CudaBackend? backend, out string reason, int ordinal = 0)
    {
        backend = null;
        try
        {
            foreach (var library in new[] { CudaLibraryResolver.Driver, CudaLibraryResolver.Nvrtc, CudaLibraryResolver.Cublas })
            {
                if (!CudaLibraryResolver.TryLoad(library, out _, out var why))
                {
                    reason = $"CUDA unavailable: {why}";
                    return false;
                }
            }

            var init = CudaDriver.cuInit(0);
            if (init != CuResult.Success)
            {
                reason = $"CUDA unavailable: cuInit failed: {CudaStatus.Describe(init, (int)init)}";
                return false;
            }

            CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGetCount(out var count));
            if (ordinal < 0 || ordinal >= count)
            {
                reason = $"CUDA unavailable: device {ordinal} requested, {count} device(s) present";
                return false;
            }

            backend = Create(ordinal);
            reason = "";
            return true;
        }
        catch (Exception e) when (e is CudaException or DllNotFoundException or EntryPointNotFoundException or DeviceOutOfMemoryException)
        {
            reason = $"CUDA unavailable: {e.Message}";
            return false;
        }
    }

    private static CudaBackend Create(int ordinal)
    {
        var info = CudaDeviceInfo.Query(ordinal);
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGet(out var device, ordinal));
        CudaStatus.ThrowIfFailed(CudaDriver.cuDevicePrimaryCtxRetain(out var ctx, device));
        var context = new CudaPrimaryContextHandle(ctx, device);
        try
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSetCurrent(ctx));
            CudaStatus.ThrowIfFailed(CudaDriver.cuStreamCreate(out var s, CudaDriver.StreamNonBlocking));
            var stream = new CudaStreamHandle(s, ctx);
            CudaStatus.ThrowIfFailed(CudaDriver.cuEventCreate(out var e1, CudaDriver.EventDefault));
            var start = new CudaEventHandle(e1, ctx);
            CudaStatus.ThrowIfFailed(CudaDriver.cuEventCreate(out var e2, CudaDriver.EventDefault));
            var end = new CudaEventHandle(e2, ctx);
            CudaStatus.ThrowIfFailed(Cublas.cublasCreate(out var blas));
            var cublas = new CublasHandle(blas, ctx);
            CudaStatus.ThrowIfFailed(Cublas.cublasSetStream(blas, s));
            return new CudaBackend(info, context, stream, start, end, cublas, new KernelCompiler(info.Major, info.Minor));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void ResetPeakMemory() => _allocator.ResetPeak();

    /// <inheritdoc />
    public void Synchronize()
    {
        Enter();
        CudaStatus.ThrowIfFailed(CudaDriver.cuStreamSynchronize(Stream));
    }

    /// <inheritdoc />
    public IDeviceTimer CreateTimer() => new CudaEventTimer(_context.DangerousGetHandle(), Stream);

    /// <summary>Runs <paramref name="work"/> between two CUDA events on the stream and returns the GPU milliseconds between them.</summary>
    public float TimeMilliseconds(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Enter();
        CudaStatus.ThrowIfFailed(CudaDriver.cuEventRecord(_timerStart.DangerousGetHandle(), Stream));
        work();
        Enter();
        CudaStatus.ThrowIfFailed(CudaDriver.cuEventRecord(_timerEnd.DangerousGetHandle(), Stream));
        CudaStatus.ThrowIfFailed(CudaDriver.cuEventSynchronize(_timerEnd.DangerousGetHandle()));
        CudaStatus.ThrowIfFailed(CudaDriver.cuEventElapsedTime(out var ms, _timerStart.DangerousGetHandle(), _timerEnd.DangerousGetHandle()));
        return ms;
    }

    /// <summary>
    /// Compiles and loads every kernel and lists its registers per thread and local-memory bytes (spills),
    /// one line per kernel: "attention.flash_attention: 96 registers, 0 bytes local".
    /// </summary>
    public IReadOnlyList<string> KernelReport()
    {
        Enter();
        var lines = new List<string>();
        foreach (var file in KernelCompiler.KernelFiles())
        {
            foreach (var name in KernelCompiler.KernelNames(file))
            {
                var f = _kernels.Function(file, name);
                CudaStatus.ThrowIfFailed(CudaDriver.cuFuncGetAttribute(out var regs, CudaDriver.FunctionAttributeNumRegs, f));
                CudaStatus.ThrowIfFailed(CudaDriver.cuFuncGetAttribute(out var local, CudaDriver.FunctionAttributeLocalSizeBytes, f));
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{file}.{name}: {regs} registers, {local} bytes local"));
            }
        }

        return lines;
    }

    /// <summary>Frees the cached blocks of the allocator (live tensors stay).</summary>
    public void ReleaseCachedMemory()
    {
        Enter();
        _allocator.ReleaseCached();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        CudaDriver.cuCtxSetCurrent(_context.DangerousGetHandle());
        CudaDriver.cuStreamSynchronize(Stream);
        _kernels.Dispose();
        _staging.Dispose();
        _allocator.Dispose();
        _cublas.Dispose();
        _timerStart.Dispose();
        _timerEnd.Dispose();
        _stream.Dispose();
        _context.Dispose();
    }

    private nint Stream => _stream.DangerousGetHandle();

    /// <summary>Makes this backend's context current on the calling thread (ops may come from any thread).</summary>
    private void Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSetCurrent(_context.DangerousGetHandle()));
    }

    // ---- launch helpers -------------------------------------------------------------------------

    /// <summary>Blocks for a grid-stride loop over <paramref name="n"/> elements (capped; the loop covers the rest).</summary>
    private uint StrideBlocks(long n) => (uint)Math.Clamp((n + Threads - 1) / Threads, 1, (long)Info.Multiprocessors * 32);

    private unsafe void Launch(string file, string name, uint gridX, uint gridY, uint block, uint sharedBytes, ref KernelArguments args)
    {
        var function = _kernels.Function(file, name);
        var p = stackalloc nint[KernelArguments.Capacity];
        args.Pointers(p);
        CudaStatus.ThrowIfFailed(CudaDriver.cuLaunchKernel(function, gridX, gridY, 1, block, 1, 1, sharedBytes, Stream, p, null), $"cuLaunchKernel({name})");

        if (SynchronizeAfterEachOp)
        {
            CudaStatus.ThrowIfFailed(CudaDriver.cuCtxSynchronize(), $"cuCtxSynchronize() after kernel {name}");
        }
    }

    /// <summary>Launches a grid-stride elementwise kernel over <paramref name="n"/> elements.</summary>
    private void LaunchElementwise(string file, string name, long n, ref KernelArguments args)
    {
        if (n > 0)
        {
            Launch(file, name, StrideBlocks(n), 1, Threads, 0, ref args);
        }
    }

    // ---- tensor helpers -------------------------------------------------------------------------

    private Tensor NewTensor(int[] shape, DType dtype)
    {
        long n = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            n *= d;
        }

        return new Tensor(this, _allocator.Allocate(n * DTypeInfo.SizeOf(dtype)), shape, dtype);
    }

    private Tensor NewActivation(params int[] shape) => NewTensor(shape, DType.F32);

    private CudaStorage Scratch(long bytes) => _allocator.Allocate(bytes);

    private nint Ptr(Tensor t, string role)
    {
        if (t.Storage is not CudaStorage s || !ReferenceEquals(t.Backend, this))
        {
            throw new ArgumentException($"Tensor '{role}' ({t}) does not live on {Name}.", role);
        }

        ObjectDisposedException.ThrowIf(s.IsDisposed, t);
        return s.Pointer;
    }

    /// <summary>Device pointer of an fp32 tensor that an op writes (activations only).</summary>
    private nint F32Out(Tensor t, string role)
    {
        if (t.DType != DType.F32)
        {
            throw new ArgumentException($"Tensor '{role}' ({t}) is written in place and must be an fp32 activation.", role);
        }

        return Ptr(t, role);
    }

    /// <summary>
    /// Device pointer of <paramref name="t"/> as fp32: activations as they are; a bf16 weight (norm weights,
    /// conv weights, biases: small) is widened into a scratch block added to <paramref name="scratch"/>.
    /// </summary>
    private nint F32In(Tensor t, string role, ScratchBlocks scratch)
    {
        var p = Ptr(t, role);
        if (t.DType == DType.F32)
        {
            return p;
        }

        var wide = Scratch(t.Length * 4);
        scratch.Add(wide);
        var args = default(KernelArguments);
        args.Add(wide.Pointer);
        args.Add(p);
        args.Add(t.Length);
        LaunchElementwise("elementwise", "bf16_to_f32_copy", t.Length, ref args);
        return wide.Pointer;
    }

    /// <summary>Uploads a small host array (indices, sizes, frequencies) into a scratch block.</summary>
    private CudaStorage UploadScratch<T>(ReadOnlySpan<T> values, ScratchBlocks scratch)
        where T : unmanaged
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values);
        var block = Scratch(bytes.Length);
        scratch.Add(block);
        _staging.Upload(bytes, block.Pointer);
        return block;
    }

    private static int[] ShapeOf(Tensor t) => (int[])t.Shape.Clone();

    private static string Shape(Tensor t) => $"[{string.Join(",", t.Shape)}]";
}
