using PruneBench.Core.Backends;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// Feed-forward: SwiGLU down(silu(gate(x))·up(x)) for llama/qwen, or relu² down(relu(up(x))²) for nemotron_h.
/// Inputs longer than twice <see cref="DefaultRowBlock"/> rows run block by block (rows are independent), so the
/// [rows, intermediate] tensors never exist for the whole sequence.
/// </summary>
internal sealed class MlpMixer : IMixer
{
    /// <summary>
    /// Rows per block for long inputs. At 64k tokens nemotron-nano-12b-v2's relu² intermediate [T, 20480] is 2.7 GB
    /// in bf16 (SwiGLU holds up, gate and the product: three); a 16k-row block keeps each to a quarter of that, while
    /// a [16384, hidden] × [hidden, 20480] GEMM is still large enough to run at full speed (issue 11).
    /// </summary>
    internal const int DefaultRowBlock = 16384;

    private readonly IBackend _b;
    private readonly int _rowBlock;
    private readonly Tensor? _gate;
    private readonly Tensor _up, _down;
    private readonly Tensor? _gateBias, _upBias, _downBias;

    // rowBlock: rows per block for longer inputs (tests pass a tiny one).
    public MlpMixer(IBackend backend, IWeightSource w, string prefix, int hidden, int intermediate, bool gated, bool bias, int rowBlock = DefaultRowBlock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowBlock);
        _b = backend;
        _rowBlock = rowBlock;
        if (gated)
        {
            _gate = w.Load(prefix + "gate_proj.weight", [intermediate, hidden], WeightRole.Matrix);
            _gateBias = bias ? w.Load(prefix + "gate_proj.bias", [intermediate], WeightRole.Bias) : null;
        }

        _up = w.Load(prefix + "up_proj.weight", [intermediate, hidden], WeightRole.Matrix);
        _down = w.Load(prefix + "down_proj.weight", [hidden, intermediate], WeightRole.Matrix);
        _upBias = bias ? w.Load(prefix + "up_proj.bias", [intermediate], WeightRole.Bias) : null;
        _downBias = bias ? w.Load(prefix + "down_proj.bias", [hidden], WeightRole.Bias) : null;
    }

    public Tensor Prefill(Tensor x, PrefillContext context, out LayerCache cache)
    {
        cache = NoCache.Instance;
        return Run(x);
    }

    public Tensor Step(Tensor x, Tensor position, LayerCache cache) => Run(x);

    private Tensor Run(Tensor x)
    {
        var rows = x.Rows;
        if (rows <= 2 * _rowBlock)
        {
            return Block(x); // the gather and copy of blocking would cost more than the memory is worth
        }

        // Block by block into one [T, hidden] output, in equal blocks of at most rowBlock rows (no sliver of a last
        // block); each block's intermediates are freed before the next.
        var blocks = (rows + _rowBlock - 1) / _rowBlock;
        var size = (rows + blocks - 1) / blocks;
        var output = _b.Zeros(rows, _down.Rows);
        try
        {
            for (var start = 0; start < rows; start += size)
            {
                var count = Math.Min(size, rows - start);
                using var xBlock = _b.GatherRows(x, Enumerable.Range(start, count).ToArray());   // [count, hidden]
                using var yBlock = Block(xBlock);                                                  // [count, hidden]
                _b.CopyRows(yBlock, 0, output, start, count);
            }

            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>The MLP on all rows of <paramref name="x"/> [R, hidden] at once.</summary>
    private Tensor Block(Tensor x)
    {
        using var up = _b.Linear(x, _up, _upBias);                   // [R, intermediate]
        Tensor act;
        if (_gate is not null)
        {
            using var gate = _b.Linear(x, _gate, _gateBias);         // [R, intermediate]
            act = _b.SwiGlu(gate, up);
        }
        else
        {
            act = _b.Relu2(up);
        }

        using (act)
        {
            return _b.Linear(act, _down, _downBias);
        }
    }

    public void Dispose()
    {
        foreach (var t in new[] { _gate, _up, _down, _gateBias, _upBias, _downBias })
        {
            t?.Dispose();
        }
    }
}
