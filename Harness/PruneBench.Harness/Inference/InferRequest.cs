namespace PruneBench.Harness.Inference;

/// <summary>Arguments of <c>prunebench infer</c>.</summary>
/// <param name="Model">Hugging Face model folder.</param>
/// <param name="Input">Safetensors with <c>input_ids</c> [T] (int64/int32) and <c>visual_start</c> [1] (int64).</param>
/// <param name="Visual">Safetensors with <c>visual_embeds</c> [V, hidden]; null = the input file's own.</param>
/// <param name="Dump">Output folder for logits.safetensors.</param>
/// <param name="Hidden">Also write <c>hidden_states</c> [L+1, T, hidden].</param>
/// <param name="Device">cpu, cuda or auto.</param>
public sealed record InferRequest(string Model, string Input, string? Visual, string Dump, bool Hidden, string Device);
