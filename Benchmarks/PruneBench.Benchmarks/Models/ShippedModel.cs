namespace PruneBench.Benchmarks.Models;

/// <summary>A model folder shipped under Benchmarks/models/.</summary>
/// <param name="Name">Catalogue name, e.g. <c>synth-qwen2</c>.</param>
/// <param name="Directory">The folder (config.json, model.safetensors, vlm.json, projector.safetensors).</param>
/// <param name="Family">"transformer" or "hybrid".</param>
/// <param name="Description">One line for listings.</param>
public sealed record ShippedModel(string Name, string Directory, string Family, string Description);
