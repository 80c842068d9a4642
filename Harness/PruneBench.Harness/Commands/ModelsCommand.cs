using System.CommandLine;
using PruneBench.Harness.Models;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench models list</c>.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var root = new Option<string>("--dir") { Description = "Folder to search for model folders.", DefaultValueFactory = _ => "." };
        var list = new Command("list", """
            List model folders (config.json + safetensors) under --dir with their architecture and layer pattern
            (* attention, M Mamba2, - MLP).

            Examples:
              prunebench models list --dir tests/fixtures
            """)
        {
            root,
        };
        list.SetAction(p => CommandGuard.Run(p, (o, _) => ModelsService.List(p.GetValue(root)!, o)));
        return new Command("models", "Models prunebench can run.") { list };
    }
}
