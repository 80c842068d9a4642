using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Checkpoints;

/// <summary>
/// A memory-mapped safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype","shape","data_offsets":[begin,end]}, "__metadata__": {...}}</c>), then the data.
/// The header is validated completely on open: sizes match dtype × shape, ranges lie inside the file and
/// do not overlap, so no later read can run past the mapping.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _data;
    private readonly long _dataLength;
    private readonly Dictionary<string, TensorEntry> _entries;

    private SafetensorsFile(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* data, long dataLength, Dictionary<string, TensorEntry> entries)
    {
        Path = path;
        _map = map;
        _view = view;
        _data = data;
        _dataLength = dataLength;
        _entries = entries;
    }

    /// <summary>File path.</summary>
    public string Path { get; }

    /// <summary>Every tensor, by name.</summary>
    public IReadOnlyDictionary<string, TensorEntry> Entries => _entries;

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">Truncated file, bad header, unsupported dtype, overlapping or out-of-file ranges.</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"{path}: file not found.");
        }

        var fileLength = new FileInfo(path).Length;
        if (fileLength < 8)
        {
            throw new CheckpointException($"{path}: truncated safetensors file ({fileLength} bytes; the 8-byte header length is missing).");
        }

        byte[] headerBytes;
        long headerLength;
        using (var fs = File.OpenRead(path))
        {
            Span<byte> len = stackalloc byte[8];
            fs.ReadExactly(len);
            headerLength = BitConverter.ToInt64(len);
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > fileLength)
            {
                throw new CheckpointException(
                    $"{path}: corrupt safetensors header length {headerLength} (file is {fileLength} bytes).");
            }

            headerBytes = new byte[headerLength];
            fs.ReadExactly(headerBytes);
        }

        var dataLength = fileLength - 8 - headerLength;
        var entries = ParseHeader(path, headerBytes, dataLength);
        if (dataLength == 0)
        {
            return new SafetensorsFile(path, null, null, null, 0, entries);
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
        byte* basePtr = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
        return new SafetensorsFile(path, map, view, basePtr + view.PointerOffset + 8 + headerLength, dataLength, entries);
    }

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="CheckpointException">Missing tensor (names the file).</exception>
    public TensorEntry Entry(string name) =>
        _entries.TryGetValue(name, out var e) ? e : throw new CheckpointException($"{Path}: tensor '{name}' not found.");

    /// <summary>Raw little-endian bytes of <paramref name="entry"/>, straight from the mapping.</summary>
    public ReadOnlySpan<byte> Bytes(TensorEntry entry) =>
        entry.End == entry.Begin ? [] : new ReadOnlySpan<byte>(_data + entry.Begin, checked((int)(entry.End - entry.Begin)));

    /// <summary>Reads a tensor converted to fp32 (F32, BF16, F16, I32, I64 accepted).</summary>
    public float[] ReadFloats(string name)
    {
        var e = Entry(name);
        var result = new float[e.Length];
        DTypeConversion.ToFloat(Bytes(e), e.DType, result);
        return result;
    }

    /// <summary>Reads an integer tensor (I64 or I32) as int, checking the range.</summary>
    public int[] ReadInts(string name)
    {
        var e = Entry(name);
        var bytes = Bytes(e);
        return e.DType switch
        {
            DType.I64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray().Select(v => v is < int.MinValue or > int.MaxValue
                ? throw new CheckpointException($"{Path}: tensor '{name}' value {v} does not fit in int32.") : (int)v).ToArray(),
            DType.I32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
            _ => throw new CheckpointException($"{Path}: tensor '{name}' is {e.DType}, expected an integer tensor (I64 or I32)."),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }

    private static Dictionary<string, TensorEntry> ParseHeader(string path, byte[] header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: safetensors header is not valid JSON ({e.Message}).", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException($"{path}: safetensors header must be a JSON object.");
            }

            var entries = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    continue;
                }

                entries.Add(prop.Name, ParseEntry(path, prop.Name, prop.Value, dataLength));
            }

            CheckNoOverlap(path, entries.Values);
            return entries;
        }
    }

    private static TensorEntry ParseEntry(string path, string name, JsonElement e, long dataLength)
    {
        try
        {
            var dtypeName = e.GetProperty("dtype").GetString() ?? "";
            var dtype = DTypeInfo.FromSafetensors(dtypeName)
                ?? throw new CheckpointException($"{path}: tensor '{name}' has unsupported dtype '{dtypeName}' (supported: F32, BF16, F16, I32, I64).");
            var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var offsets = e.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            if (shape.Any(d => d < 0) || offsets.Length != 2)
            {
                throw new CheckpointException($"{path}: tensor '{name}' has a negative dimension or malformed data_offsets.");
            }

            var (begin, end) = (offsets[0], offsets[1]);
            var expected = shape.Aggregate(1L, (a, d) => checked(a * d)) * DTypeInfo.SizeOf(dtype);
            if (begin < 0 || end < begin || end > dataLength)
            {
                throw new CheckpointException(
                    $"{path}: tensor '{name}' data_offsets [{begin}, {end}] run past the data section ({dataLength} bytes) — truncated or corrupt file.");
            }

            if (end - begin != expected)
            {
                throw new CheckpointException(
                    $"{path}: tensor '{name}' is {dtype} [{string.Join(",", shape)}] = {expected} bytes but data_offsets span {end - begin} bytes.");
            }

            return new TensorEntry(name, dtype, shape, begin, end);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new CheckpointException($"{path}: tensor '{name}' has a malformed header entry ({ex.Message}).", ex);
        }
    }

    private static void CheckNoOverlap(string path, IEnumerable<TensorEntry> entries)
    {
        TensorEntry? previous = null;
        foreach (var e in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin))
        {
            if (previous is not null && e.Begin < previous.End)
            {
                throw new CheckpointException(
                    $"{path}: tensors '{previous.Name}' [{previous.Begin}, {previous.End}) and '{e.Name}' [{e.Begin}, {e.End}) overlap.");
            }

            previous = e;
        }
    }
}
