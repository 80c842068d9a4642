using System.Diagnostics;
using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
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
    /// <remarks>
    /// A <see cref="ScorePruner"/> runs on the short path: its scores, the running-score blend, the top-k and the
    /// compaction stay on the device, and the host metadata catches up only where it is read (see
    /// <see cref="DeferredSequence"/>). There the reducer overhead is the device time of that work, bracketed by the
    /// backend's <see cref="IDeviceTimer"/> in the work queue (CUDA events; nothing waits inside the layer loop). Any
    /// other reducer is asked after each layer on the host, and its overhead is host time between synchronisations.
    /// </remarks>
    /// <exception cref="ReductionException">
    /// The reducer threw, returned a null or invalid decision, or asked for a signal the layer did not give; the
    /// message names the reducer and the layer.
    /// </exception>
    public RunResult Run(Prompt prompt, IReducer? reducer, RunOptions options, string reducerName = "reducer")
    {
        var backend = Model.Backend;
        var layout = prompt.Layout;
        Validate(prompt);
        var layers = Model.Layers;
        var pruner = reducer as ScorePruner;
        using var seq = new DeferredSequence(TokenSequence.Initial(layout, PositionIds(prompt)), backend, Model.Config.UseRope);
        var tokensPerLayer = new int[layers.Count];
        var visualPerLayer = new int[layers.Count];
        var epochOfLayer = new int[layers.Count];
        var caches = new LayerCache[layers.Count];
        var hiddenStates = options.CaptureHiddenStates ? new List<float[]>() : null;
        var traceScores = options.RecordScores ? new float[]?[layers.Count] : null;
        // Profiling: a device bracket per layer (stream order, no wait) and the host's time queueing it.
        var layerTimers = options.TimeLayers ? layers.Select(_ => backend.CreateTimer()).ToArray() : null;
        var layerHostMs = options.TimeLayers ? new double[layers.Count] : null;
        var overhead = new Stopwatch();
        // Short path: the device time of its signals, blends, top-k and compactions, bracketed in the work queue.
        using var deviceTimer = pruner is not null ? backend.CreateTimer() : null;
        double flops = 0;
        var proportional = false;
        var signalTime = TimeSpan.Zero; // signal kernels run inside the layers; SignalProbe times them
        Tensor? running = null;         // short path: [alive visual tokens] running score on the device

        // In a VLM the projector's output is already on the device: uploading the visual (and exported text)
        // embeddings from the host is input staging, not prefill, and stays outside the clock (at 64k tokens of a
        // 5120-wide model it is 1.3 GB of fp32 — the PyTorch peer starts from device-resident inputs too).
        var visual = layout.VisualCount > 0 ? backend.FromHost(prompt.VisualEmbeddings, layout.VisualCount, Model.HiddenSize) : null;
        var text = prompt.TextEmbeddings is { Rows.Length: > 0 } t ? backend.FromHost(t.Values, t.Rows.Length, Model.HiddenSize) : null;
        backend.ResetPeakMemory();
        backend.Synchronize();
        var clock = Stopwatch.StartNew();
        Tensor hidden;
        try
        {
            hidden = Embed(prompt, visual, text);
        }
        finally
        {
            // hidden holds them now: the staged fp32 copies (1.3 GB at 64k tokens of a 5 120-wide model) go at once.
            visual?.Dispose();
            text?.Dispose();
        }

        try
        {
            hiddenStates?.Add(backend.ToHost(hidden));
            var before = Ask(reducer, -1, reducerName);
            proportional = before.ProportionalAttention;
            if (pruner is not null)
            {
                (var kept, running) = Decide(-1, running, seq.VisualCount, pruner, null, reducerName, deviceTimer!);
                CompactAfter(ref hidden, kept, seq, deviceTimer!);
            }
            else if (before.IsActive)
            {
                var embedded = (before.Kinds & SignalKinds.Hidden) != 0 ? VisualRows(hidden, seq) : null;
                hidden = Reduce(-1, LayerKind.Attention, hidden, seq, reducer!, null, reducerName, overhead, embedded);
            }

            for (var l = 0; l < layers.Count; l++)
            {
                var layerStart = clock.Elapsed;
                tokensPerLayer[l] = seq.Length;
                visualPerLayer[l] = seq.VisualCount;
                epochOfLayer[l] = seq.Epoch;
                layerTimers?[l].Start();

                var asked = Ask(reducer, l, reducerName);
                var request = asked;
                if (options.RecordScores && !request.IsActive)
                {
                    request = new SignalRequest(SignalKinds.Score);
                }

                SignalProbe? probe = null;
                float[]? hiddenSignal = null;
                if (request.IsActive)
                {
                    // Host reducers: drain queued layer work first so that only the reducer's own work is timed as
                    // overhead. The short path never waits inside the layer loop (its device timer brackets its work).
                    if (pruner is null)
                    {
                        backend.Synchronize();
                        overhead.Start();
                    }

                    probe = new SignalProbe(request, seq.VisualStart, seq.VisualCount, seq.QueryRows(request.Queries), deviceTimer);
                    hiddenSignal = (request.Kinds & SignalKinds.Hidden) != 0 ? VisualRows(hidden, seq) : null;
                    overhead.Stop();
                }

                proportional |= asked.ProportionalAttention;
                var logSizes = proportional ? seq.Current.Tokens.Select(tok => MathF.Log(tok.Size)).ToArray() : null;
                // Short path: the layer asks for the decision after its mixing (its score exists) and before its last
                // residual add, which then adds and writes only the kept rows (AddCompactRows). Where the hidden states
                // after each layer are captured (uncompacted, infer --dump), the decision is taken after the layer.
                Tensor? kept = null;
                var inLayer = pruner is not null && l < layers.Count - 1 && hiddenStates is null;
                var compaction = inLayer
                    ? new RowCompaction(
                        () =>
                        {
                            (kept, running) = Decide(l, running, seq.VisualCount, pruner!, probe, reducerName, deviceTimer!);
                            return kept;
                        },
                        seq.VisualStart,
                        seq.VisualCount)
                    : null;
                caches[l] = layers[l].Prefill(ref hidden, new PrefillContext(seq.Positions, logSizes, options.DecodeSteps, probe, compaction));
                if (asked.IsActive && probe is not null)
                {
                    signalTime += probe.Elapsed;
                }
                flops += FlopCounter.Layer(Model.Config, layers[l].Kind, seq.Length);
                if (hiddenStates is not null && l < layers.Count - 1)
                {
                    hiddenStates.Add(backend.ToHost(hidden));
                }

                if (traceScores is not null && (probe?.Scores ?? (probe?.DeviceScore is { } d ? backend.ToHost(d) : null)) is { } s)
                {
                    var current = seq.Current;
                    var full = Enumerable.Repeat(float.NaN, layout.VisualCount).ToArray();
                    for (var j = 0; j < s.Length; j++)
                    {
                        full[current.Tokens[current.VisualStart + j].VisualIndex] = s[j];
                    }

                    traceScores[l] = full;
                }

                if (pruner is not null)
                {
                    if (kept is not null)
                    {
                        seq.Keep(kept); // the layer compacted the hidden rows already
                    }
                    else if (l < layers.Count - 1 && !inLayer)
                    {
                        (kept, running) = Decide(l, running, seq.VisualCount, pruner, probe, reducerName, deviceTimer!);
                        CompactAfter(ref hidden, kept, seq, deviceTimer!);
                    }
                }
                else if (asked.IsActive && l < layers.Count - 1)
                {
                    hidden = Reduce(l, layers[l].Kind, hidden, seq, reducer!, probe, reducerName, overhead, hiddenSignal);
                }

                probe?.DeviceScore?.Dispose();
                if (layerTimers is not null)
                {
                    layerTimers[l].Stop();
                    layerHostMs![l] = (clock.Elapsed - layerStart).TotalMilliseconds;
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
            long? peak = backend.MeasuresMemory ? backend.Memory.PeakBytes : null;
            // Cache sizes as prefill left them (before decode appends), in the dtype the backend stores.
            var kvBytes = caches.OfType<KvCache>().Sum(c => c.Bytes);
            var ssmBytes = caches.OfType<MambaCache>().Sum(c => c.Bytes);

            var generated = new List<int> { ArgMax(lastLogits) };
            var decodeLogits = new float[options.DecodeSteps][];
            // Decode continues after the largest position id of the prompt on any axis (transformers' rope_deltas for
            // M-RoPE); for 1-D ids that is the last row's.
            var position = seq.Current.Positions.Max(axis => axis.Length > 0 ? axis.Max() : -1);
            for (var step = 0; step < options.DecodeSteps; step++)
            {
                position++;
                using var x = Model.Embed([generated[^1]]);
                using var at = Backends.PositionIds.Upload(backend, [position]);
                for (var l = 0; l < layers.Count; l++)
                {
                    layers[l].Step(x, at, caches[l]);
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
                (overhead.Elapsed + signalTime).TotalMilliseconds + (deviceTimer?.TakeElapsedMs() ?? 0),
                peak,
                layerTimers?.Select(t => t.TakeElapsedMs()).ToArray(),
                layerHostMs);
            // Survivors are cheap (O(V) per layer) and always kept, for needle recall and reduce_layers.
            var survivors = epochOfLayer.Select(seq.Survivors).ToArray();
            var trace = new ReductionTrace(survivors, traceScores ?? new float[]?[layers.Count], nv);
            return new RunResult(lastLogits, generated.ToArray(), decodeLogits, metrics, hiddenStates?.ToArray(), trace);
        }
        finally
        {
            hidden.Dispose();
            running?.Dispose();
            foreach (var timer in layerTimers ?? [])
            {
                timer.Dispose();
            }

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
    /// <summary>
    /// [T, H] token embeddings with the visual span overwritten by <paramref name="visual"/> [V, H] and the exported
    /// text rows by <paramref name="text"/> [rows, H] (both already on the device).
    /// </summary>
    private Tensor Embed(Prompt prompt, Tensor? visual, Tensor? text)
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
        if (visual is not null)
        {
            Model.Backend.CopyRows(visual, 0, hidden, layout.PrefixLength, layout.VisualCount);
        }

        if (text is not null)
        {
            var rows = prompt.TextEmbeddings!.Rows;
            for (var i = 0; i < rows.Length; i++)
            {
                Model.Backend.CopyRows(text, i, hidden, rows[i], 1);
            }
        }

        return hidden;
    }

    private float[] VisualRows(Tensor hidden, DeferredSequence seq)
    {
        using var rows = Model.Backend.GatherRows(hidden, Enumerable.Range(seq.VisualStart, seq.VisualCount).ToArray());
        return Model.Backend.ToHost(rows);
    }

    /// <summary>The reducer's signal request after <paramref name="layer"/>; an exception in it becomes a <see cref="ReductionException"/>.</summary>
    private static SignalRequest Ask(IReducer? reducer, int layer, string reducerName)
    {
        try
        {
            return reducer?.SignalsAfter(layer) ?? SignalRequest.Nothing;
        }
        catch (Exception e)
        {
            throw new ReductionException($"reducer '{reducerName}' after layer {layer}: SignalsAfter threw {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The short path's decision after <paramref name="layer"/>, on the device: folds the step's score into the running
    /// score and, when the step drops tokens, selects the kept ones (one SelectTop). Takes ownership of
    /// <paramref name="running"/>; returns the kept visual tokens (I32 [k], ascending; null when none are dropped) and
    /// the running score to carry on ([alive visual tokens]).
    /// </summary>
    private (Tensor? Kept, Tensor? Running) Decide(int layer, Tensor? running, int count, ScorePruner pruner, SignalProbe? probe,
        string reducerName, IDeviceTimer overhead)
    {
        if (pruner.StepAfter(layer) is not { } step)
        {
            return (null, running);
        }

        var backend = Model.Backend;
        overhead.Start();
        try
        {
            var signal = step.Score.Signal;
            using var current = signal switch
            {
                ScoreSignal.Previous => null,
                ScoreSignal.Random => backend.FromHost(pruner.RandomScores(layer, count), count),
                // Taken from the probe: the engine disposes it after the layer.
                _ => probe?.DeviceScore is { } score ? score.Reshape(count)
                    : throw new ReductionException($"reducer '{reducerName}' after layer {layer}: the layer gave no {signal} score."),
            };
            var beta = (float)step.Score.Blend;
            if (step.Keep >= count)
            {
                if (current is null)
                {
                    return (null, running);
                }

                var blended = backend.BlendScores(running, current, beta);
                running?.Dispose();
                return (null, blended);
            }

            // One op: the blend (when this layer gave a score), the top-k and the running score at the kept tokens.
            // ScorePruner checked that a score exists before the first drop.
            var (kept, keptScores) = backend.SelectTop(running, current, beta, step.Keep);
            running?.Dispose();
            return (kept, keptScores);
        }
        finally
        {
            overhead.Stop();
        }
    }

    /// <summary>
    /// A short-path decision applied after the fact (before layer 0, or after a layer whose hidden states are captured):
    /// the hidden rows compacted to the kept visual tokens (timed as overhead), and the sequence told.
    /// </summary>
    private void CompactAfter(ref Tensor hidden, Tensor? kept, DeferredSequence seq, IDeviceTimer overhead)
    {
        if (kept is null)
        {
            return;
        }

        overhead.Start();
        try
        {
            var compacted = Model.Backend.CompactRows(hidden, kept, seq.VisualStart, seq.VisualCount);
            hidden.Dispose();
            hidden = compacted;
        }
        finally
        {
            overhead.Stop();
        }

        seq.Keep(kept);
    }

    /// <summary>Asks the reducer for a decision after <paramref name="layer"/> and applies it to hidden and seq.</summary>
    private Tensor Reduce(int layer, LayerKind kind, Tensor hidden, DeferredSequence seq, IReducer reducer, SignalProbe? probe,
        string reducerName, Stopwatch overhead, float[]? hiddenSignal)
    {
        Model.Backend.Synchronize();
        overhead.Start();
        try
        {
            var current = seq.Current;
            var observation = new LayerObservation
            {
                Layer = layer,
                Kind = kind,
                Tokens = current.Tokens,
                VisualStart = current.VisualStart,
                VisualCount = current.VisualCount,
                Scores = probe?.Scores,
                Keys = probe?.Keys is { } keys ? new RowSignal(keys, probe.KeyWidth) : null,
                Hidden = hiddenSignal is null ? null : new RowSignal(hiddenSignal, Model.HiddenSize),
                RawAttention = probe?.RawAttention is { } raw ? new AttentionSignal(raw, Model.Config.AttentionHeads, probe.QueryRows.Length) : null,
            };
            ReductionDecision? decision;
            try
            {
                decision = reducer.Decide(observation);
            }
            catch (Exception e)
            {
                throw new ReductionException($"reducer '{reducerName}' after layer {layer}: Decide threw {e.GetType().Name}: {e.Message}", e);
            }

            var (keep, sources, targets, changed) = seq.Apply(
                decision ?? throw new ReductionException($"reducer '{reducerName}' after layer {layer}: Decide returned null (use ReductionDecision.None)."),
                reducerName, layer);
            if (!changed)
            {
                return hidden;
            }

            if (sources.Length > 0)
            {
                Model.Backend.MergeRows(hidden, sources, targets, current.Tokens.Select(t => t.Size).ToArray());
            }

            var compacted = Model.Backend.GatherRows(hidden, keep);
            hidden.Dispose();
            return compacted;
        }
        finally
        {
            Model.Backend.Synchronize();
            overhead.Stop();
        }
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
