using PruneBench.Core.Backends;
using PruneBench.Core.Models.Caches;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Layers;

/// <summary>
/// Feed-forward: SwiGLU down(silu(gate(x))·up(x)) for llama/qwen, or relu² down(relu(up(x))²) for nemotron_h.
/// </summary>
internal sealed class MlpMixer : IMixer
{
    private readonly IBackend _b;
    private readonly Tensor? _gate;
    private readonly Tensor _up, _down;
    private readonly Tensor? _gateBias, _upBias, _downBias;

    public MlpMixer(IBackend backend, IWeightSource w, string prefix, int hidden, int intermediate, bool gated, bool bias)
    {
        _b = backend;
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

    public Tensor Step(Tensor x, int position, LayerCache cache) => Run(x);

    private Tensor Run(Tensor x)
    {
        using var up = _b.Linear(x, _up, _upBias);
        Tensor act;
        if (_gate is not null)
        {
            using var gate = _b.Linear(x, _gate, _gateBias);
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
