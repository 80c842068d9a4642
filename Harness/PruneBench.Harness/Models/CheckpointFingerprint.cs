using System.Security.Cryptography;
using System.Text;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Models;

/// <summary>
/// A short content fingerprint of a model's checkpoint folder (config.json and every *.safetensors), recorded in
/// sweep.json so that a resumed sweep notices a checkpoint that changed under finished rows (a retrained shipped model
/// keeps its name). Reads config.json whole and, per weights file, its length and 64 blocks of 64 KiB spread over it
/// (the first and the last among them): a few MiB whatever the model's size, and any retraining or re-export moves
/// them. Null for presets (random weights from a fixed seed: nothing on disk to change).
/// </summary>
public static class CheckpointFingerprint
{
    private const int Blocks = 64, BlockBytes = 64 * 1024;

    /// <summary>16 hex digits, or null for a preset.</summary>
    /// <exception cref="UsageException">Unknown model (see <see cref="ModelResolver.Folder"/>).</exception>
    public static string? Of(string model)
    {
        if (ModelResolver.FolderOrNull(model) is not { } folder)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(Path.Combine(folder, "config.json")));
        var buffer = new byte[BlockBytes];
        foreach (var file in Directory.GetFiles(folder, "*.safetensors").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}:{stream.Length};"));
            for (var i = 0; i < Blocks; i++)
            {
                stream.Position = Math.Max(0, (stream.Length - BlockBytes) * i / (Blocks - 1));
                var read = stream.ReadAtLeast(buffer, BlockBytes, throwOnEndOfStream: false);
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
