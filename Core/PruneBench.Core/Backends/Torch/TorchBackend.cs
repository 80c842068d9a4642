using System.Runtime.InteropServices;
using PruneBench.Core.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = PruneBench.Core.Tensors.Tensor;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// <see cref="IBackend"/> on libtorch through TorchSharp 0.107.0: the GPU engine (issue 11). GEMMs are cuBLAS
/// through <c>linear</c>/<c>bmm</c>, prefill attention is <c>scaled_dot_product_attention</c> (flash / cuDNN /
/// memory-efficient kernels as libtorch picks them), conv1d is cuDNN, everything else is a composite of
/// libtorch ops, except where a fused NVRTC kernel (Kernels/fused.cu) measured faster (docs/gpu.md).
/// Dtype policy (<see cref="ComputeType"/> = bf16, the default on CUDA): weights, activations, the KV cache and
/// the Mamba states are bf16; norms, softmax, the SSD scan and the signals compute in fp32 and round once on
/// output, as transformers does for a bf16 model. <see cref="FromHost"/> keeps fp32 (small parameters such as
/// A = −exp(A_log) and ToMe's log sizes keep full precision; ops cast their inputs). With fp32 as compute type
/// every op is fp32 end to end, which the GPU parity tests compare against the CPU backend tightly.
/// Ops are queued on libtorch's current stream; <see cref="ToHost"/> waits for what it reads.
/// Create with <see cref="TryCreate"/>.
/// </summary>
public sealed partial class TorchBackend : IBackend
{
    private readonly Device _device;
    private readonly DevicePoolMemory _memory;
    private readonly TorchKernels? _kernels;
    private readonly DeviceCopyCache _ropeFrequencies;
    private bool _disposed;

    private TorchBackend(LibTorchInstall install, int ordinal, ScalarType computeType)
    {
        Install = install;
        Ordinal = ordinal;
        ComputeType = computeType;
        _device = new Device(DeviceType.CUDA, ordinal);
        _memory = LibTorchRuntime.AllocatesFromDevicePool ? DevicePoolMemory.Open(ordinal) : DevicePoolMemory.Unavailable;
        _ropeFrequencies = new DeviceCopyCache(_device);
        if (computeType == ScalarType.Float32)
        {
            // fp32 means fp32: no TF32 in cuBLAS or cuDNN (cuDNN allows it by default). bf16 paths are unaffected.
            torch.backends.cuda.matmul.allow_tf32 = false;
            torch.backends.cudnn.allow_tf32 = false;
        }

        using (var warm = torch.zeros([1], ScalarType.Float32, _device))
        {
            // Creates the CUDA context and libtorch's allocator so the baseline excludes them.
            torch.cuda.synchronize(_device);
        }

        _kernels = TorchKernels.TryOpen(ordinal, out var whyNoKernels);
        KernelsNote = _kernels is null ? $"fused kernels unavailable ({whyNoKernels}): libtorch composites only" : "";
        FusedKernels = _kernels is not null;
        _memory.SetBaseline();
        _memory.ResetPeak();
        Name = $"torch:cuda:{ordinal} (libtorch {install.Version}, {TypeName(computeType)}, {install.Source})";
    }

    /// <summary>e.g. "torch:cuda:0 (libtorch 2.11.0+cu130, bf16, python3 (/opt/…/torch))".</summary>
    public string Name { get; }

    /// <inheritdoc />
    public DeviceKind Device => DeviceKind.Cuda;

    /// <summary>The libtorch in use (results rows record its version).</summary>
    public LibTorchInstall Install { get; }

    /// <summary>CUDA device ordinal.</summary>
    public int Ordinal { get; }

    /// <summary>Type of weights, activations and caches: BFloat16 (default) or Float32.</summary>
    public ScalarType ComputeType { get; }

    /// <summary>"bf16" or "fp32", for results rows.</summary>
    public string ComputeTypeName => TypeName(ComputeType);

    /// <summary>
    /// Bytes allocated through libtorch above the state right after creation (weights included), read from the
    /// driver's memory pool; zero when another allocator was configured (see <see cref="DevicePoolMemory"/>).
    /// </summary>
    public MemoryStats Memory => _memory.Stats;

    /// <summary>
    /// Use the fused kernels (Kernels/fused.cu) where they apply; false runs the libtorch composites only (the
    /// tests compare the two). On by default when NVRTC is there.
    /// </summary>
    public bool FusedKernels
    {
        get => _fused;
        set => _fused = value && _kernels is not null;
    }

    private bool _fused;

    /// <summary>Why the fused kernels are off, or empty.</summary>
    public string KernelsNote { get; }

    /// <inheritdoc />
    public bool MeasuresMemory => _memory.Available;

    /// <summary>
    /// Loads libtorch (<see cref="LibTorchRuntime"/>) and opens CUDA device <paramref name="ordinal"/>. Never
    /// throws for a missing library or GPU: returns false with the reason ("libtorch not found: …", "CUDA unavailable: …").
    /// </summary>
    public static bool TryCreate(out TorchBackend? backend, out string reason, int ordinal = 0, bool fp32 = false)
    {
        backend = null;
        var install = LibTorchRuntime.Load(out reason);
        if (install is null)
        {
            return false;
        }

        var count = torch.cuda.device_count();
        if (ordinal < 0 || ordinal >= count)
        {
            reason = $"CUDA unavailable: device {ordinal} requested, libtorch sees {count}.";
            return false;
        }

        try
        {
            backend = new TorchBackend(install, ordinal, fp32 ? ScalarType.Float32 : ScalarType.BFloat16);
            return true;
        }
        catch (ExternalException e)
        {
            reason = $"CUDA unavailable: libtorch could not open cuda:{ordinal}: {e.Message.Split('\n')[0]}";
            return false;
        }
    }

    /// <summary>
    /// Profiling: bracket every op with device events (no synchronisation; see <see cref="OpTimer"/>) and sum its
    /// time into <see cref="OpTimes"/>. Off for measurements.
    /// </summary>
    public bool ProfileOps
    {
        get => _profileOps;
        set
        {
            if (value && !_profileOps)
            {
                DisposeOpTimers();
            }

            _profileOps = value;
        }
    }

    private bool _profileOps;

    /// <summary>Per op: total device milliseconds and calls since profiling was switched on (waits for the queued work).</summary>
    public IReadOnlyDictionary<string, (double Ms, int Calls)> OpTimes
    {
        get
        {
            foreach (var (name, entry) in _opTimers)
            {
                entry.Ms += entry.Timer.TakeElapsedMs();
            }

            return _opTimers.ToDictionary(kv => kv.Key, kv => (kv.Value.Ms, kv.Value.Calls));
        }
    }

    /// <summary>One op's device timer and totals in <see cref="ProfileOps"/> mode.</summary>
    internal sealed class OpEntry(IDeviceTimer timer)
    {
        public IDeviceTimer Timer { get; } = timer;
        public double Ms { get; set; }
        public int Calls { get; set; }
        public bool Open { get; set; }
    }

    private readonly Dictionary<string, OpEntry> _opTimers = [];

    /// <summary>Opens <paramref name="name"/>'s bracket; null when one is open already (a nested call of the same op).</summary>
    internal OpEntry? OpenOpBracket(string name)
    {
        if (!_opTimers.TryGetValue(name, out var entry))
        {
            entry = new OpEntry(CreateTimer());
            _opTimers[name] = entry;
        }

        if (entry.Open)
        {
            return null;
        }

        entry.Open = true;
        entry.Calls++;
        entry.Timer.Start();
        return entry;
    }

    private void DisposeOpTimers()
    {
        foreach (var entry in _opTimers.Values)
        {
            entry.Timer.Dispose();
        }

        _opTimers.Clear();
    }

    private OpTimer Op(string name) => new(this, name);

    /// <inheritdoc />
    public void ResetPeakMemory() => _memory.ResetPeak();

    /// <inheritdoc />
    public void Synchronize() => torch.cuda.synchronize(_device);

    /// <inheritdoc />
    /// <remarks>CUDA events on the legacy default stream, where libtorch and the fused kernels queue their work; without
    /// the fused kernels (no NVRTC, hence no driver context here) a timer that synchronises around each bracket.</remarks>
    public IDeviceTimer CreateTimer() => _kernels?.CreateTimer() ?? new SynchronisingTimer(this);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Synchronize();
        _ropeFrequencies.Dispose();
        DisposeOpTimers();
        _kernels?.Dispose();
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private static string TypeName(ScalarType t) => t == ScalarType.BFloat16 ? "bf16" : "fp32";

    private static long[] Dims(int[] shape) => Array.ConvertAll(shape, d => (long)d);

    /// <summary>The libtorch tensor behind <paramref name="x"/> in x's shape (a view, or a copy when the storage is strided). Read-only use.</summary>
    private TT In(Tensor x)
    {
        if (x.Storage is not TorchStorage s)
        {
            throw new ArgumentException($"{x} does not belong to the Torch backend.");
        }

        return s.Value.reshape(Dims(x.Shape));
    }

    /// <summary>The libtorch tensor behind <paramref name="x"/> as a view that writes through (in-place ops).</summary>
    private static TT InPlace(Tensor x)
    {
        if (x.Storage is not TorchStorage s || !s.Value.is_contiguous())
        {
            throw new ArgumentException($"{x}: in-place target must be a contiguous Torch tensor.");
        }

        return s.Value.view(Dims(x.Shape));
    }

    /// <summary>Takes <paramref name="t"/> out of every dispose scope and wraps it (shape from libtorch).</summary>
    private Tensor Wrap(TT t)
    {
        var owned = t.DetachFromDisposeScope();
        var shape = Array.ConvertAll(owned.shape, d => checked((int)d));
        return new Tensor(this, new TorchStorage(owned), shape, owned.dtype == ScalarType.Float32 ? DType.F32 : DType.BF16);
    }

    /// <summary>
    /// A host index list as an int64 device tensor. A run of consecutive indices (the query rows, a visual span) is
    /// made on the device by <c>arange</c>: uploading pageable host memory is a blocking copy, which would stop the
    /// stream once per layer on the score pruner's path.
    /// </summary>
    private TT Index(ReadOnlySpan<int> rows)
    {
        var consecutive = true;
        for (var i = 1; i < rows.Length && consecutive; i++)
        {
            consecutive = rows[i] == rows[0] + i;
        }

        if (consecutive && rows.Length > 0)
        {
            return torch.arange(rows[0], rows[0] + rows.Length, ScalarType.Int64, _device);
        }

        var host = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            host[i] = rows[i];
        }

        return torch.tensor(host, ScalarType.Int64, _device);
    }

    /// <summary>Host fp32 values as a device tensor of <paramref name="type"/>.</summary>
    private unsafe TT Upload(ReadOnlySpan<float> data, int[] shape, ScalarType type)
    {
        // One copy into a host tensor's memory, then one transfer: no managed staging array (a 64k-token prompt's
        // visual embeddings are over a GB, and large managed arrays per prefill cost collections).
        // Small lists (scores, position ids, decode positions: up to QueuedUploadBytes) go through page-locked memory and
        // are queued on the stream like a kernel; from pageable memory libtorch waits for the stream to drain first, which
        // inside the layer loop would stop the host from running ahead (random's two decisions cost ~18 ms of that at 16k).
        var small = (long)data.Length * sizeof(float) <= QueuedUploadBytes;
        var host = torch.empty(Dims(shape), ScalarType.Float32, torch.CPU);
        if (small)
        {
            host = host.pin_memory(); // the caller's dispose scope frees both; libtorch keeps a pinned block until its copy ran
        }

        data.CopyTo(new Span<float>((void*)TorchKernels.Ptr(host), data.Length));
        var onDevice = host.to(_device, non_blocking: small);
        return type == ScalarType.Float32 ? onDevice : onDevice.to_type(type);
    }

    /// <summary>Largest upload queued without waiting (page-locked staging): 4 MiB, a 1M-entry score or position list.</summary>
    private const long QueuedUploadBytes = 4 << 20;

    // ---- memory -----------------------------------------------------------------------------

    /// <inheritdoc />
    public Tensor FromHost(ReadOnlySpan<float> data, params int[] shape)
    {
        var elements = shape.Aggregate(1L, (a, d) => a * d);
        if (data.Length != elements)
        {
            throw new ArgumentException($"FromHost: {data.Length} values do not fill shape [{string.Join(",", shape)}] ({elements} elements).", nameof(data));
        }

        using var scope = torch.NewDisposeScope();
        return Wrap(Upload(data, shape, ScalarType.Float32));
    }

    /// <inheritdoc />
    public Tensor Zeros(params int[] shape) => Wrap(torch.zeros(Dims(shape), ComputeType, _device));

    /// <inheritdoc />
    public Tensor LoadWeight(ReadOnlySpan<byte> data, DType dtype, int[] shape)
    {
        if (dtype is not (DType.F32 or DType.BF16 or DType.F16))
        {
            throw new ArgumentException($"LoadWeight: weights must be F32, BF16 or F16, not {dtype}.", nameof(dtype));
        }

        var expected = shape.Aggregate(1L, (a, d) => a * d) * DTypeInfo.SizeOf(dtype);
        if (data.Length != expected)
        {
            throw new ArgumentException($"LoadWeight: {data.Length} bytes of {dtype} do not fill shape [{string.Join(",", shape)}] ({expected} bytes expected).", nameof(data));
        }

        using var scope = torch.NewDisposeScope();
        if (dtype == DType.BF16)
        {
            // bf16 bits go up unchanged; a fp32 compute type widens them exactly on the device.
            var bits = MemoryMarshal.Cast<byte, BFloat16>(data).ToArray();
            return Wrap(torch.tensor(bits, Dims(shape), ScalarType.BFloat16, _device).to_type(ComputeType));
        }

        // F32 / F16: widened to fp32 on the host (exact), rounded to bf16 on the device (nearest even, as torch).
        var values = new float[data.Length / DTypeInfo.SizeOf(dtype)];
        DTypeConversion.ToFloat(data, dtype, values);
        return Wrap(Upload(values, shape, ComputeType));
    }

    /// <inheritdoc />
    public Tensor RandomWeight(int[] shape, float scale, float offset, ulong seed)
    {
        using var scope = torch.NewDisposeScope();
        // libtorch's global generator, seeded per weight (a device Generator object crashed TorchSharp 0.107's shim).
        torch.manual_seed(unchecked((long)seed));
        torch.cuda.manual_seed(unchecked((long)seed));
        var u = torch.rand(Dims(shape), ScalarType.Float32, _device); // [0, 1)
        return Wrap(u.mul_(2 * scale).add_(offset - scale).to_type(ComputeType));
    }

    /// <inheritdoc />
    public float[] ToHost(Tensor t)
    {
        if (t.Length == 0)
        {
            return []; // TorchSharp's accessor cannot copy an empty tensor
        }

        using var scope = torch.NewDisposeScope();
        return In(t).to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    /// <inheritdoc />
    public void CopyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows)
    {
        using var op = Op(nameof(CopyRows));
        using var scope = torch.NewDisposeScope();
        if (src.Width != dst.Width || srcRow < 0 || dstRow < 0 || srcRow + rows > src.Rows || dstRow + rows > dst.Rows)
        {
            throw new ArgumentException($"CopyRows: {rows} rows from {src} row {srcRow} to {dst} row {dstRow} out of range.");
        }

        var target = InPlace(dst).view(dst.Rows, dst.Width).narrow(0, dstRow, rows);
        target.copy_(In(src).view(src.Rows, src.Width).narrow(0, srcRow, rows));
    }

    /// <inheritdoc />
    public Tensor GatherRows(Tensor src, ReadOnlySpan<int> rows)
    {
        using var op = Op(nameof(GatherRows));
        using var scope = torch.NewDisposeScope();
        foreach (var r in rows)
        {
            if ((uint)r >= (uint)src.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"GatherRows: row {r} outside [0, {src.Rows}) of {src}.");
            }
        }

        return Wrap(In(src).reshape(src.Rows, src.Width).index_select(0, Index(rows)));
    }

    /// <inheritdoc />
    public void MergeRows(Tensor x, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, ReadOnlySpan<float> sizes)
    {
        using var op = Op(nameof(MergeRows));
        if (sources.Length != targets.Length || sizes.Length != x.Rows)
        {
            throw new ArgumentException($"MergeRows: {sources.Length} sources, {targets.Length} targets, {sizes.Length} sizes for {x.Rows} rows.");
        }

        if (sources.IsEmpty)
        {
            return;
        }

        using var scope = torch.NewDisposeScope();
        var rows = InPlace(x).view(x.Rows, x.Width);
        var size = torch.tensor(sizes.ToArray(), ScalarType.Float32, _device).unsqueeze(1); // [T, 1]
        var src = Index(sources);
        var dst = Index(targets);
        // Weighted sums of pre-merge rows in fp32: sum[t] = size[t]·x[t] + Σ_{s→t} size[s]·x[s]; weight likewise.
        var xf = rows.to_type(ScalarType.Float32);
        var sum = xf * size;
        var weight = size.clone();
        sum.index_add_(0, dst, (xf * size).index_select(0, src), 1.0);
        weight.index_add_(0, dst, size.index_select(0, src), 1.0);
        var merged = (sum / weight).index_select(0, dst);
        rows.index_copy_(0, dst, merged.to_type(rows.dtype));
    }

    /// <inheritdoc />
    public Tensor SliceColumns(Tensor x, int start, int count)
    {
        if (start < 0 || count < 0 || start + count > x.Width)
        {
            throw new ArgumentException($"SliceColumns: columns [{start}, {start + count}) of {x}.");
        }

        using var scope = torch.NewDisposeScope();
        // A strided view: no copy (the Mamba in-projection is sliced three ways; copies would add 2× its size).
        return Wrap(In(x).reshape(x.Rows, x.Width).narrow(1, start, count));
    }
}
