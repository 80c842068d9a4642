using PruneBench.Abstractions.Model;
using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Models.Layers;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models;

/// <summary>
/// A decoder-only language model on one backend, built from a <see cref="ModelConfig"/> and weights with
/// transformers' tensor names: llama/qwen2/qwen3 (<c>model.*</c>) or nemotron_h (<c>backbone.*</c>). A VLM
/// checkpoint's language model is found under <c>model.language_model.*</c> (transformers 5 layout) or
/// <c>language_model.model.*</c> (older LLaVA layout); its vision tower and projector are ignored.
/// The reduction engine drives it layer by layer.
/// </summary>
public sealed class LanguageModel : IDisposable
{
    private readonly Tensor _embed;
    private readonly Tensor _finalNorm;
    private readonly Tensor _lmHead;
    private readonly bool _tied;
    private readonly string _root;

    private LanguageModel(string name, ModelConfig config, IBackend backend, IWeightSource w)
    {
        Name = name;
        Config = config;
        Backend = backend;
        Shape = config.ToShape(name);
        var hybrid = config.Family == ModelFamily.Hybrid;
        var root = _root = hybrid ? "backbone." : DenseRoot(w);
        _embed = w.Load(root + (hybrid ? "embeddings.weight" : "embed_tokens.weight"), [config.VocabSize, config.HiddenSize], WeightRole.Matrix);
        _finalNorm = w.Load(root + (hybrid ? "norm_f.weight" : "norm.weight"), [config.HiddenSize], WeightRole.NormScale);
        var head = root == LegacyVlmRoot ? "language_model.lm_head.weight" : "lm_head.weight";
        _tied = config.TieWordEmbeddings && !w.Has(head);
        _lmHead = _tied ? _embed : w.Load(head, [config.VocabSize, config.HiddenSize], WeightRole.Matrix);
        Layers = Enumerable.Range(0, config.Layers.Count).Select(i => hybrid ? HybridLayer(w, i) : TransformerLayer(w, i)).ToArray();
    }

    private const string LegacyVlmRoot = "language_model.model.";

    /// <summary>Name (folder name or preset).</summary>
    public string Name { get; }

    /// <summary>Parsed config.json.</summary>
    public ModelConfig Config { get; }

    /// <summary>Backend holding the weights.</summary>
    public IBackend Backend { get; }

    /// <summary>The reducer-facing shape.</summary>
    public ModelShape Shape { get; }

    /// <summary>Residual width.</summary>
    public int HiddenSize => Config.HiddenSize;

    /// <summary>Vocabulary size.</summary>
    public int VocabSize => Config.VocabSize;

    internal IReadOnlyList<DecoderLayer> Layers { get; }

    /// <summary>Loads a Hugging Face model folder (config.json + safetensors, sharded or not).</summary>
    /// <exception cref="CheckpointException">Anything wrong with the folder, named.</exception>
    public static LanguageModel Load(string directory, IBackend backend, string? name = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new CheckpointException($"{directory}: model folder not found.");
        }

        var config = ModelConfigReader.Read(Path.Combine(directory, "config.json"));
        using var checkpoint = Checkpoint.Open(directory);
        return new LanguageModel(name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), config, backend, new CheckpointWeights(checkpoint, backend));
    }

    /// <summary>Builds a model from <paramref name="config"/> with weights from <paramref name="weights"/> (e.g. random presets).</summary>
    public static LanguageModel Create(string name, ModelConfig config, IBackend backend, IWeightSource weights) =>
        new(name, config, backend, weights);

    /// <summary>[T, H] token embeddings.</summary>
    public Tensor Embed(ReadOnlySpan<int> ids) => Backend.Embedding(_embed, ids);

    /// <summary>Final RMSNorm of hidden [T, H] (new tensor).</summary>
    public Tensor FinalNorm(Tensor hidden) => Backend.RmsNorm(hidden, _finalNorm, Config.NormEps);

    /// <summary>[R, vocab] logits of the given rows of hidden [T, H]: final norm then lm_head.</summary>
    public float[] Logits(Tensor hidden, ReadOnlySpan<int> rows)
    {
        using var picked = Backend.GatherRows(hidden, rows);
        using var normed = FinalNorm(picked);
        using var logits = Backend.Linear(normed, _lmHead, null);
        return Backend.ToHost(logits);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var l in Layers)
        {
            l.Dispose();
        }

        _embed.Dispose();
        _finalNorm.Dispose();
        if (!_tied)
        {
            _lmHead.Dispose();
        }
    }

    private DecoderLayer TransformerLayer(IWeightSource w, int i)
    {
        var p = $"{_root}layers.{i}.";
        var c = Config;
        return new DecoderLayer(Backend, LayerKind.Attention, c.NormEps,
        [
            (w.Load(p + "input_layernorm.weight", [c.HiddenSize], WeightRole.NormScale), new AttentionMixer(Backend, c, w, p + "self_attn.")),
            (w.Load(p + "post_attention_layernorm.weight", [c.HiddenSize], WeightRole.NormScale),
                new MlpMixer(Backend, w, p + "mlp.", c.HiddenSize, c.IntermediateSize, gated: true, c.MlpBias)),
        ]);
    }

    /// <summary>Prefix of a dense model's tensors: a plain causal LM, or the language model inside a VLM checkpoint.</summary>
    private static string DenseRoot(IWeightSource w) =>
        new[] { "model.", "model.language_model.", LegacyVlmRoot }.FirstOrDefault(r => w.Has(r + "embed_tokens.weight")) ?? "model.";

    private DecoderLayer HybridLayer(IWeightSource w, int i)
    {
        var p = $"backbone.layers.{i}.";
        var c = Config;
        var kind = c.Layers[i];
        IMixer mixer = kind switch
        {
            LayerKind.Mamba => new Mamba2Mixer(Backend, c, w, p + "mixer."),
            LayerKind.Attention => new AttentionMixer(Backend, c, w, p + "mixer."),
            _ => new MlpMixer(Backend, w, p + "mixer.", c.HiddenSize, c.IntermediateSize, gated: false, c.MlpBias),
        };
        return new DecoderLayer(Backend, kind, c.NormEps, [(w.Load(p + "norm.weight", [c.HiddenSize], WeightRole.NormScale), mixer)]);
    }
}
