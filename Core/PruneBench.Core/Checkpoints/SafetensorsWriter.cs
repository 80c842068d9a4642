using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Checkpoints;

/// <summary>Writes fp32 / int64 tensors to a safetensors file (for dumps and test fixtures).</summary>
public static class SafetensorsWriter
{
    /// <summary>One tensor to write: fp32 data or int64 data, and its shape.</summary>
    public sealed record Item(string Name, int[] Shape, float[]? Floats = null, long[]? Longs = null);

    /// <summary>Writes <paramref name="items"/> to <paramref name="path"/> atomically (temp file + rename).</summary>
    public static void Write(string path, IEnumerable<Item> items)
    {
        var list = items.ToList();
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var it in list)
        {
            var bytes = it.Floats is not null ? it.Floats.LongLength * 4 : (it.Longs?.LongLength ?? 0) * 8;
            header[it.Name] = new
            {
                dtype = DTypeInfo.ToSafetensors(it.Floats is not null ? DType.F32 : DType.I64),
                shape = it.Shape,
                data_offsets = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }

        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var pad = (8 - json.Length % 8) % 8;
        var headerBytes = json.Concat(Enumerable.Repeat((byte)' ', pad)).ToArray();
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp))
        {
            fs.Write(BitConverter.GetBytes((long)headerBytes.Length));
            fs.Write(headerBytes);
            foreach (var it in list)
            {
                if (it.Floats is not null)
                {
                    fs.Write(MemoryMarshal.AsBytes(it.Floats.AsSpan()));
                }
                else if (it.Longs is not null)
                {
                    fs.Write(MemoryMarshal.AsBytes(it.Longs.AsSpan()));
                }
            }
        }

        File.Move(tmp, path, overwrite: true);
    }
}
