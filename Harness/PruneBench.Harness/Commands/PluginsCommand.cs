using System.CommandLine;
using PruneBench.Harness.Plugins;

namespace PruneBench.Harness.Commands;

/// <summary><c>prunebench plugins list|inspect</c>.</summary>
public static class PluginsCommand
{
    /// <summary>Builds the command with its two subcommands.</summary>
    public static Command Create()
    {
        var listPlugins = CommonOptions.Plugins();
        var list = new Command("list", """
            List every reduction method: the built-in ones (plugins/builtin next to prunebench) and those in --plugins folders.

            Examples:
              prunebench plugins list
              prunebench plugins list --plugins samples/SampleReducer/bin/Debug/net10.0
            """)
        {
            listPlugins,
        };
        list.SetAction(p => CommandGuard.Run(p, (o, _) => PluginsService.List(p.GetValue(listPlugins) ?? [], o)));

        var name = new Argument<string>("method") { Description = "Method name." };
        var inspectPlugins = CommonOptions.Plugins();
        var inspect = new Command("inspect", """
            Show a method's type, assembly and parameter schema (key, type, default, range).

            Examples:
              prunebench plugins inspect fastv
              prunebench plugins inspect stride --plugins samples/SampleReducer/bin/Debug/net10.0
            """)
        {
            name, inspectPlugins,
        };
        inspect.SetAction(p => CommandGuard.Run(p, (o, _) => PluginsService.Inspect(p.GetValue(name)!, p.GetValue(inspectPlugins) ?? [], o)));

        return new Command("plugins", "Reduction-method plugins: list them, inspect one.") { list, inspect };
    }
}
