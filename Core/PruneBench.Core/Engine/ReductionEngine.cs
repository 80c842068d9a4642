using System.Diagnostics;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Models;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Models.Layers;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Engine;

/// <summary>
/// Runs a prompt through a model layer by layer, asks the reducer which signals it needs after each layer,
/// computes only those, applies its decision (compaction or size-weighted merge, original positions kept),
/// then decodes greedily with per-layer caches. With no reducer (or one that never asks) this is exactly
/// the unreduced forward pass.
/// </summary>
public sealed class ReductionEngine(LanguageModel model)
{
    /// <summary>The model driven.</summary>
    public LanguageModel Model { get; } = model;

    /// <summary>Runs <paramref name="prompt"/>; <paramref name="reducerName"/> names the reducer in errors.</summary>
    /// <exception cref="ReductionException">The reducer returned an invalid decision.</exception>
    public RunResult Run(Prompt prompt, IReducer? reducer, RunOptions options, string reducerName = "reducer")
    {
        var backend = Model.Backend;
        var layout = prompt.Layout;
        Validate(prompt);
        var layers = Model.Layers;
        var seq = TokenSequence.Initial(layout, PositionIds(prompt));
        var tokensPerLayer = new int[layers.Count];
        var visualPerLayer = new int[layers.Count];
        var caches = new LayerCache[layers.Count];
        var hiddenStates = options.CaptureHiddenStates ? new List<float[]>() : null;
        var traceSurvivors = new int[layers.Count][]; // cheap (O(V) per layer): always kept for needle recall
        var traceScores = options.RecordScores ? new float[]?[layers.Count] : null;
        var overhead = new Stopwatch();
        double flops = 0;
        var proportional = false;
        var signalTime = TimeSpan.Zero; // signal kernels run inside the layers; SignalProbe times them
        var layerMs = options.TimeLayers ? new double[layers.Count] : null;

        backend.ResetPeakMemory();
        backend.Synchronize();
        var clock = Stopwatch.StartNew();
        var hidden = Embed(prompt);
        try
        {
            hiddenStates?.Add(backend.ToHost(hidden));
            var before = reducer?.SignalsAfter(-1) ?? SignalRequest.Nothing;
            proportional = before.ProportionalAttention;
            if (before.IsActive)
            {
                var embedded = (before.Kinds & SignalKinds.Hidden) != 0 ? VisualRows(hidden, seq) : null;
                (hidden, seq) = Reduce(-1, LayerKind.Attention, hidden, seq, reducer!, null, reducerName, overhead, embedded);
            }

            for (var l = 0; l < layers.Count; l++)
            {
                var layerStart = clock.Elapsed;
                tokensPerLayer[l] = seq.Length;
                visualPerLayer[l] = seq.VisualCount;
                traceSurvivors[l] = SurvivingVisualIndices(seq);

                var asked = reducer?.SignalsAfter(l) ?? SignalRequest.Nothing;
                var request = asked;
                if (options.RecordScores && !request.IsActive)
                {
                    request = new SignalRequest(SignalKinds.Score);
                }

                SignalProbe? probe = null;
                float[]? hiddenSignal = null;
                if (request.IsActive)
                {
                    // Drain queued layer work first so that only the reducer's own work is timed as overhead.
                    backend.Synchronize();
                    overhead.Start();
                    probe = new SignalProbe(request, seq.VisualStart, seq.VisualCount, seq.QueryRows(request.Queries));
                    hiddenSignal = (request.Kinds & SignalKinds.Hidden) != 0 ? VisualRows(hidden, seq) : null;
                    overhead.Stop();
                }

                proportional |= asked.ProportionalAttention;
                var logSizes = proportional ? seq.Tokens.Select(tok => MathF.Log(tok.Size)).ToArray() : null;
                caches[l] = layers[l].Prefill(hidden, new PrefillContext(seq.Positions, logSizes, options.DecodeSteps, probe));
                if (asked.IsActive && probe is not null)
                {
                    signalTime += probe.Elapsed;
                }
                flops += FlopCounter.Layer(Model.Config, layers[l].Kind, seq.Length);
                if (hiddenStates is not null && l < layers.Count - 1)
                {
                    hiddenStates.Add(backend.ToHost(hidden));
                }

                if (traceScores is not null && probe?.Scores is { } s)
                {
                    var full = Enumerable.Repeat(float.NaN, layout.VisualCount).ToArray();
                    for (var j = 0; j < s.Length; j++)
                    {
                        full[seq.Tokens[seq.VisualStart + j].VisualIndex] = s[j];
                    }

                    traceScores[l] = full;
                }

                if (asked.IsActive && l < layers.Count - 1)
                {
                    (hidden, seq) = Reduce(l, layers[l].Kind, hidden, seq, reducer!, probe, reducerName, overhead, hiddenSignal);
                }

                if (layerMs is not null)
                {
                    backend.Synchronize();
                    layerMs[l] = (clock.Elapsed - layerStart).TotalMilliseconds;
                }
            }

            if (hiddenStates is not null)
            {
                using var normed = Model.FinalNorm(hidden);
                hiddenStates.Add(backend.ToHost(normed));
            }

            var lastLogits = Model.Logits(hidden, [seq.Length - 1]);
            flops += FlopCounter.Head(Model.Config, 1);
            backend.Synchronize();
            var prefillMs = clock.Elapsed.TotalMilliseconds;
            var peak = backend.Memory.PeakBytes;
            // Cache sizes as prefill left them (before decode appends), in the dtype the backend stores.
            var kvBytes = caches.OfType<KvCache>().Sum(c => c.Bytes);
            var ssmBytes = caches.OfType<MambaCache>().Sum(c => c.Bytes);

            var generated = new List<int> { ArgMax(lastLogits) };
            var decodeLogits = new float[options.DecodeSteps][];
            // Decode continues after the largest position id of the prompt on any axis (transformers' rope_deltas for
            // M-RoPE); for 1-D ids that is the last row's.
            var position = seq.Positions.Max(axis => axis.Length > 0 ? axis.Max() : -1);
            for (var step = 0; step < options.DecodeSteps; step++)
            {
                position++;
                using var x = Model.Embed([generated[^1]]);
                for (var l = 0; l < layers.Count; l++)
                {
                    layers[l].Step(x, position, caches[l]);
                }

                decodeLogits[step] = Model.Logits(x, [0]);
                generated.Add(ArgMax(decodeLogits[step]));
            }

            var nv = layout.VisualCount;
            var metrics = new RunMetrics(
                tokensPerLayer,
                visualPerLayer,
                nv,
                visualPerLayer.Length > 0 ? visualPerLayer[^1] : nv,
                nv == 0 ? 1 : (double)visualPerLayer[^1] / nv,
                nv == 0 ? 1 : visualPerLayer.Average() / nv,
                flops,
                kvBytes,
                ssmBytes,
                prefillMs,
                (overhead.Elapsed + signalTime).TotalMilliseconds,
                peak,
                layerMs);
            var trace = new ReductionTrace(traceSurvivors, traceScores ?? new float[]?[layers.Count]);
            return new RunResult(lastLogits, generated.ToArray(), decodeLogits, metrics, hiddenStates?.ToArray(), trace);
        }
        finally
        {
            hidden.Dispose();
            foreach (var c in caches)
            {
                c?.Dispose();
            }
        }
    }

    private void Validate(Prompt prompt)
    {
        var layout = prompt.Layout;
        if (prompt.TokenIds.Length != layout.Length)
        {
            throw new ArgumentException($"Prompt has {prompt.TokenIds.Length} token ids but its layout needs {layout.Length}.");
        }

        if (prompt.VisualEmbeddings.Length != (long)layout.VisualCount * Model.HiddenSize)
        {
            throw new ArgumentException(
                $"Visual embeddings hold {prompt.VisualEmbeddings.Length} values; {layout.VisualCount} tokens × hidden_size {Model.HiddenSize} = {(long)layout.VisualCount * Model.HiddenSize} expected (width must equal the model's hidden_size).");
        }

        var given = prompt.TextEmbeddings?.Rows ?? [];
        for (var i = 0; i < prompt.TokenIds.Length; i++)
        {
            var inSpan = i >= layout.PrefixLength && i < layout.PrefixLength + layout.VisualCount;
            if (!inSpan && Array.BinarySearch(given, i) < 0 && (uint)prompt.TokenIds[i] >= (uint)Model.VocabSize)
            {
                throw new ArgumentException($"Token id {prompt.TokenIds[i]} at position {i} is outside the vocabulary (size {Model.VocabSize}).");
            }
        }

        if (prompt.TextEmbeddings is { } text)
        {
            for (var i = 0; i < given.Length; i++)
            {
                var inSpan = given[i] >= layout.PrefixLength && given[i] < layout.PrefixLength + layout.VisualCount;
                if ((uint)given[i] >= (uint)layout.Length || inSpan || (i > 0 && given[i] <= given[i - 1]))
                {
                    throw new ArgumentException($"Text embedding row {given[i]} must be ascending, inside the prompt ({layout.Length} rows) and outside the visual span.");
                }
            }

            if (text.Values.Length != (long)given.Length * Model.HiddenSize)
            {
                throw new ArgumentException($"Text embeddings hold {text.Values.Length} values; {given.Length} rows × hidden_size {Model.HiddenSize} expected.");
            }
        }

        if (prompt.PositionIds is { } positions)
        {
            if (positions.Length != 1 && positions.Length != Model.Config.RopeAxes)
            {
                throw new ArgumentException(Model.Config.RopeAxes == 1
                    ? $"The prompt carries {positions.Length}-axis (M-RoPE) position ids but model '{Model.Name}' uses 1-D RoPE (was it exported for another model?)."
                    : $"The prompt carries {positions.Length}-axis position ids; model '{Model.Name}' takes 1 or {Model.Config.RopeAxes}.");
            }

            for (var a = 0; a < positions.Length; a++)
            {
                if (positions[a].Length != layout.Length)
                {
                    throw new ArgumentException($"Position ids axis {a} has {positions[a].Length} entries but the prompt has {layout.Length} rows.");
                }
            }
        }
    }

    /// <summary>[RopeAxes][Length] position ids of the prompt; one given axis serves all of the model's axes.</summary>
    private int[][] PositionIds(Prompt prompt)
    {
        var axes = Model.Config.RopeAxes;
        var given = prompt.PositionIds ?? [Enumerable.Range(0, prompt.Layout.Length).ToArray()];
        return given.Length == axes ? given : Enumerable.Repeat(given[0], axes).ToArray();
    }

    /// <summary>[T, H] embeddings with the visual span overwritten by the prompt's visual embeddings.</summary>
    private Tensor Embed(Prompt prompt)
    {
        var layout = prompt.Layout;
        var ids = (int[])prompt.TokenIds.Clone();
        for (var i = 0; i < layout.VisualCount; i++)
        {
            ids[layout.PrefixLength + i] = 0;
        }

        foreach (var row in prompt.TextEmbeddings?.Rows ?? [])
        {
            ids[row] = 0; // overwritten below; the placeholder id may lie outside the vocabulary
        }

        var hidden = Model.Embed(ids);
        if (layout.VisualCount > 0)
        {
            using var visual = Model.Backend.FromHost(prompt.VisualEmbeddings, layout.VisualCount, Model.HiddenSize);
            Model.Backend.CopyRows(visual, 0, hidden, layout.PrefixLength, layout.VisualCount);
        }

        if (prompt.TextEmbeddings is { Rows.Length: > 0 } text)
        {
            using var rows = Model.Backend.FromHost(text.Values, text.Rows.Length, Model.HiddenSize);
            for (var i = 0; i < text.Rows.Length; i++)
            {
                Model.Backend.CopyRows(rows, i, hidden, text.Rows[i], 1);
            }
        }

        return hidden;
    }

    private float[] VisualRows(Tensor hidden, TokenSequence seq)
    {
        using var rows = Model.Backend.GatherRows(hidden, Enumerable.Range(seq.VisualStart, seq.VisualCount).ToArray());
        return Model.Backend.ToHost(rows);
    }

    /// <summary>Asks the reducer for a decision after <paramref name="layer"/> and applies it to hidden and seq.</summary>
    private (Tensor Hidden, TokenSequence Seq) Reduce(int layer, LayerKind kind, Tensor hidden, TokenSequence seq, IReducer reducer, SignalProbe? probe,
        string reducerName, Stopwatch overhead, float[]? hiddenSignal)
    {
        Model.Backend.Synchronize();
        overhead.Start();
        try
        {
            var observation = new LayerObservation(layer, kind, seq.Tokens, seq.VisualStart, seq.VisualCount,
                probe?.Scores, probe?.Keys, probe?.KeyWidth ?? 0, hiddenSignal, Model.HiddenSize, probe?.RawAttention, probe?.QueryRows.Length ?? 0);
            var decision = reducer.Decide(observation);
            var (keep, sources, targets, next) = seq.Apply(decision, reducerName, layer);
            if (ReferenceEquals(next, seq))
            {
                return (hidden, seq);
            }

            if (sources.Length > 0)
            {
                Model.Backend.MergeRows(hidden, sources, targets, seq.Tokens.Select(t => t.Size).ToArray());
            }

            var compacted = Model.Backend.GatherRows(hidden, keep);
            hidden.Dispose();
            return (compacted, next);
        }
        finally
        {
            Model.Backend.Synchronize();
            overhead.Stop();
        }
    }

    private static int[] SurvivingVisualIndices(TokenSequence seq)
    {
        var result = new int[seq.VisualCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = seq.Tokens[seq.VisualStart + i].VisualIndex;
        }

        return result;
    }

    private static int ArgMax(float[] v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }

        return best;
    }
}
