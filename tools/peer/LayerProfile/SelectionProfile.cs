using System.Globalization;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Tensors;

/// <summary>
/// The short path's own ops alone (LayerProfile --selection): one Mamba layer's score and one decision at a preset's
/// shapes for V visual tokens (4 text rows, V visual, 8 suffix queries), each op's device time per call from events
/// around 20 calls queued back to back (3 warm-up calls first), so a kernel's cost reads apart from the layers. The
/// calls are queued behind ~20 ms of GEMMs, so the device never waits for the host inside a bracket (as in a reduced
/// prefill, where the host runs ahead); the host's own time per call is printed next to it.
/// </summary>
internal static class SelectionProfile
{
    private const int Prefix = 4, Suffix = 8, Warmups = 3, Calls = 20;

    public static void Run(IBackend backend, ModelConfig c, int visual)
    {
        var rng = new Random(visual);
        var t = Prefix + visual + Suffix;
        var (inner, gn, heads) = (c.MambaInner, c.Groups * c.SsmStateSize, c.MambaHeads);
        float[] Noise(long n, double scale) => Enumerable.Range(0, checked((int)n)).Select(_ => (float)((rng.NextDouble() - 0.5) * scale)).ToArray();
        // xBC in the backend's compute type, as the convolution gives it to the score (an upload is fp32 on the GPU).
        const int seedWidth = 64;
        using var seed = backend.FromHost(Noise((long)t * seedWidth, 2), t, seedWidth);
        using var projection = backend.RandomWeight([inner + 2 * gn, seedWidth], 0.2f, 0f, 7);
        using var xbc = backend.Linear(seed, projection, null);
        using var b = backend.SliceColumns(xbc, inner, gn);
        using var cm = backend.SliceColumns(xbc, inner + gn, gn);
        var b3 = b.Reshape(t, c.Groups, c.SsmStateSize);
        var c3 = cm.Reshape(t, c.Groups, c.SsmStateSize);
        using var dtRaw = backend.FromHost(Noise((long)t * heads, 4), t, heads);
        using var dtBias = backend.FromHost(Noise(heads, 1), heads);
        using var dt = backend.DtSoftplus(dtRaw, dtBias, 0f, float.PositiveInfinity);
        using var a = backend.FromHost(Noise(heads, 1), heads);
        using var hidden = backend.FromHost(Noise((long)t * c.HiddenSize, 1), t, c.HiddenSize);
        var queries = Enumerable.Range(Prefix + visual, Suffix).ToArray();
        var keep = visual / 4;

        Tensor Score() => backend.ImplicitAttention(b3, c3, dt, a, queries, Prefix, visual, ImplicitVariant.NoDecay, ScoreTransform.Abs);
        using var score = Score();
        using var running = backend.BlendScores(null, score, 0f);
        using var kept = Dispose2(backend.SelectTop(running, null, 0, keep));
        var ops = new (string Name, Func<Tensor> Op)[]
        {
            ("ImplicitAttention", Score),
            ("BlendScores", () => backend.BlendScores(running, score, 0.5f)),
            ("SelectTop (top-k)", () => Dispose2(backend.SelectTop(running, null, 0, keep))),
            ("SelectTop (blend, top-k, score)", () => Dispose2(backend.SelectTop(running, score, 0.5f, keep))),
            
            ("CompactRows hidden", () => backend.CompactRows(hidden, kept, Prefix, visual)),
            ("AddCompactRows hidden (residual add + compaction)", () => backend.AddCompactRows(hidden, hidden, kept, Prefix, visual)),
        };
        // The backlog only where the device runs apart from the host (on the CPU every op waits anyway).
        var backlogRows = backend.Device == DeviceKind.Cpu ? 1 : 8192;
        using var big = backend.FromHost(new float[backlogRows * c.HiddenSize], backlogRows, c.HiddenSize);
        using var weight = backend.RandomWeight([c.HiddenSize, c.HiddenSize], 0.01f, 0f, 1);
        foreach (var (name, op) in ops)
        {
            for (var i = 0; i < Warmups; i++)
            {
                op().Dispose();
            }

            backend.Synchronize();
            for (var i = 0; i < 40; i++)
            {
                backend.Linear(big, weight, null).Dispose(); // ~0.5 ms each on an H200: the backlog
            }

            using var timer = backend.CreateTimer();
            var host = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < Calls; i++)
            {
                timer.Start();
                var result = op();
                timer.Stop();
                result.Dispose();
            }

            var hostUs = host.Elapsed.TotalMilliseconds / Calls * 1000;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# selection V={visual} {name}: device {timer.TakeElapsedMs() / Calls * 1000:0.0} µs per call, host {hostUs:0.0} µs"));
        }
    }

    /// <summary>The kept indices of a SelectTop, its selected scores disposed.</summary>
    private static Tensor Dispose2((Tensor Kept, Tensor Scores) selected)
    {
        selected.Scores.Dispose();
        return selected.Kept;
    }
}
