using System.Globalization;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Engine;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Models;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Inference;

/// <summary>
/// <c>prunebench infer</c>: one unreduced prefill of a prompt given as tensors, dumped as safetensors
/// (<c>last_logits</c> [vocab]; with --hidden <c>hidden_states</c> [L+1, T, hidden]) so that any checkpoint
/// can be compared with a reference outside the test suite. When the input also holds <c>last_logits</c>
/// (as the fixtures' reference.safetensors do) the largest difference is reported.
/// </summary>
public static class InferService
{
    /// <summary>File written into the dump folder.</summary>
    public const string OutputName = "logits.safetensors";

    /// <summary>Runs the prompt; returns 0, or 1 when a reference in the input differs by more than 1e-4 × max|logit|.</summary>
    /// <exception cref="UsageException">Missing files, or tensors whose shapes do not fit the model (names file and tensor).</exception>
    public static int Run(InferRequest request, TextWriter output)
    {
        var visualPath = request.Visual ?? request.Input;
        RequireFile(request.Input, "--input");
        RequireFile(visualPath, "--visual");
        var config = ModelResolver.Shape(request.Model);

        int[] ids;
        int visualStart;
        float[]? reference;
        using (var input = SafetensorsFile.Open(request.Input))
        {
            ids = input.ReadInts("input_ids");
            var start = input.ReadInts("visual_start");
            if (start.Length != 1)
            {
                throw new UsageException($"'{request.Input}': tensor 'visual_start' must hold one value, has {start.Length}.");
            }

            visualStart = start[0];
            reference = input.Entries.ContainsKey("last_logits") ? input.ReadFloats("last_logits") : null;
        }

        float[] visual;
        int visualCount;
        using (var file = SafetensorsFile.Open(visualPath))
        {
            var entry = file.Entry("visual_embeds");
            if (entry.Shape.Length != 2 || entry.Shape[1] != config.HiddenSize)
            {
                throw new UsageException(
                    $"'{visualPath}': tensor 'visual_embeds' has shape [{string.Join(", ", entry.Shape)}], but the model's hidden_size is {config.HiddenSize} (expected [V, {config.HiddenSize}]).");
            }

            visualCount = entry.Shape[0];
            visual = file.ReadFloats("visual_embeds");
        }

        if (visualStart < 0 || visualStart + visualCount > ids.Length)
        {
            throw new UsageException(
                $"'{request.Input}': visual span [{visualStart}, {visualStart + visualCount}) does not fit in input_ids of length {ids.Length}.");
        }

        // The frame grid does not matter for an unreduced pass: one frame of V tokens.
        var layout = visualCount == 0
            ? new SampleLayout(ids.Length, 0, 1, 0, 1, 1)
            : SampleLayout.WithSquareGrid(visualStart, 1, visualCount, ids.Length - visualStart - visualCount);
        var device = DeviceResolver.Resolve(request.Device);
        using var backend = device.Backend;
        if (device.Note is not null)
        {
            output.WriteLine(device.Note);
        }

        using var model = ModelResolver.Load(request.Model, backend).Model;
        var result = new ReductionEngine(model).Run(new Prompt(ids, layout, visual), null, new RunOptions(CaptureHiddenStates: request.Hidden), RunConfiguration.BaselineMethod);

        Results.OutputFolder.Prepare(request.Dump, OutputName);
        var items = new List<SafetensorsWriter.Item> { new("last_logits", [result.LastLogits.Length], result.LastLogits) };
        if (request.Hidden && result.HiddenStates is { } states)
        {
            // [L+1, T, hidden]: unreduced, so every entry has all T rows.
            items.Add(new("hidden_states", [states.Length, ids.Length, model.HiddenSize], states.SelectMany(s => s).ToArray()));
        }

        var path = Path.Combine(request.Dump, OutputName);
        SafetensorsWriter.Write(path, items);
        var argmax = Array.IndexOf(result.LastLogits, result.LastLogits.Max());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Name}: {ids.Length} tokens ({visualCount} visual), next token {argmax}, prefill {result.Metrics.PrefillMs:0.0} ms on {backend.Name}. Wrote {path}"));

        if (reference is null)
        {
            return ExitCodes.Ok;
        }

        if (reference.Length != result.LastLogits.Length)
        {
            throw new UsageException($"'{request.Input}': reference 'last_logits' has {reference.Length} entries, the model's vocabulary {result.LastLogits.Length}.");
        }

        var maxDiff = reference.Zip(result.LastLogits, (a, b) => Math.Abs(a - b)).Max();
        var scale = reference.Max(Math.Abs);
        var ok = maxDiff <= 1e-4 * scale;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reference last_logits in the input: max |Δ| = {maxDiff:G4} ({maxDiff / scale:G3} × max|logit|) — {(ok ? "within" : "OUTSIDE")} 1e-4 × max|logit|."));
        return ok ? ExitCodes.Ok : ExitCodes.RunFailures;
    }

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{option}: file '{path}' does not exist.");
        }
    }
}
