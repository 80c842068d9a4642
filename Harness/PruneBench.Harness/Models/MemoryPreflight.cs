using System.Globalization;
using PruneBench.Abstractions.Model;
using PruneBench.Core.Checkpoints;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Models;

/// <summary>
/// Refuses, before anything runs, a model whose weights alone do not fit in the memory available on the CPU
/// (fp32 there: 4 bytes per parameter). Without it a real-sized preset on the CPU is killed by the kernel minutes
/// later, leaving a header-only results file. The count covers embeddings, LM head, attention, MLP and Mamba2
/// projections from the config; norms, biases and activations are left out, so it errs towards running.
/// </summary>
public static class MemoryPreflight
{
    private const double Gibibyte = 1024.0 * 1024.0 * 1024.0;

    /// <summary>Parameters of the model the config describes (weights that take memory; small terms left out).</summary>
    public static long Parameters(ModelConfig c)
    {
        long hidden = c.HiddenSize;
        var embeddings = (long)c.VocabSize * hidden * (c.TieWordEmbeddings ? 1 : 2);
        // q and o: hidden × heads·head_dim each; k and v: hidden × kv_heads·head_dim each.
        var attention = (2 * hidden * c.AttentionHeads * c.HeadDim) + (2 * hidden * c.KeyValueHeads * c.HeadDim);
        // Dense transformers: gated MLP (gate, up, down) inside every attention layer; nemotron_h: up and down in its own '-' layers.
        var mlp = (c.Family == ModelFamily.Hybrid ? 2 : 3) * hidden * c.IntermediateSize;
        // in_proj: hidden → 2·inner + 2·groups·state + heads; conv over ConvDim; out_proj: inner → hidden.
        var mamba = (hidden * ((2L * c.MambaInner) + (2L * c.Groups * c.SsmStateSize) + c.MambaHeads)) + ((long)c.ConvDim * c.ConvKernel) + ((long)c.MambaInner * hidden);
        var layers = c.Layers.Sum(kind => kind switch
        {
            LayerKind.Attention => attention + (c.Family == ModelFamily.Hybrid ? 0 : mlp),
            LayerKind.Mamba => mamba,
            _ => mlp,
        });
        return embeddings + layers;
    }

    /// <summary>Bytes the OS can give this process now: MemAvailable of /proc/meminfo, capped by the GC's limit (a container's).</summary>
    public static long AvailableBytes()
    {
        var limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
        {
            var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib))
            {
                return Math.Min(limit, kib * 1024);
            }
        }

        return limit;
    }

    /// <summary>Throws when <paramref name="model"/>'s fp32 weights exceed <paramref name="availableBytes"/>.</summary>
    /// <exception cref="UsageException">They do; the message gives the needed and the available memory.</exception>
    public static void Check(string model, ModelConfig config, long availableBytes)
    {
        var parameters = Parameters(config);
        var needed = parameters * 4L;
        if (needed > availableBytes)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"Model '{model}' needs at least {needed / Gibibyte:0.0} GiB on the CPU ({parameters / 1e9:0.00} B parameters × 4 bytes, fp32 weights alone), but {availableBytes / Gibibyte:0.0} GiB is available. Run it with --device cuda, or choose a smaller model."));
        }
    }
}
