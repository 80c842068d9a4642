using System.CommandLine;
using PruneBench.Harness.Inference;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench infer</c>.</summary>
public static class InferCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Hugging Face model folder.", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "Safetensors with input_ids [T] and visual_start [1].", Required = true };
        var visual = new Option<string?>("--visual") { Description = "Safetensors with visual_embeds [V, hidden] (default: the input file's)." };
        var dump = new Option<string>("--dump", "-d") { Description = "Output folder for logits.safetensors.", Required = true };
        var hidden = new Option<bool>("--hidden") { Description = "Also write hidden_states [L+1, T, hidden]." };
        var device = CommonOptions.Device();
        var command = new Command("infer", """
            One unreduced prefill of a prompt given as tensors; writes <dump>/logits.safetensors (last_logits [vocab],
            and hidden_states [L+1, T, hidden] with --hidden). When the input also holds last_logits (as the fixtures'
            reference.safetensors do), the largest difference is reported and exit code 1 means it exceeded 1e-4 × max|logit|.

            Examples:
              prunebench infer -m tests/fixtures/llama -i tests/fixtures/llama/reference.safetensors -d /tmp/llama --hidden
              prunebench infer -m my-model -i prompt.safetensors --visual frames.safetensors -d out/
            """)
        {
            model, input, visual, dump, hidden, device,
        };
        command.SetAction(p => CommandGuard.Run(p, (o, _) => InferService.Run(
            new InferRequest(p.GetValue(model)!, p.GetValue(input)!, p.GetValue(visual), p.GetValue(dump)!, p.GetValue(hidden), p.GetValue(device)!), o)));
        return command;
    }
}
