using PruneBench.Abstractions.Methods;
using PruneBench.Plugins.Builtin.FastV;
using PruneBench.Plugins.Builtin.None;
using PruneBench.Plugins.Builtin.Pool;
using PruneBench.Plugins.Builtin.Random;
using PruneBench.Plugins.Builtin.Stateful;
using PruneBench.Plugins.Builtin.ToMe;
using PruneBench.Plugins.Builtin.Vas;

namespace PruneBench.Plugins.Tests.TestSupport;

/// <summary>The built-in methods, created directly (loading through the plugin loader is tested separately).</summary>
public static class Methods
{
    public static IReductionMethod Create(string name) => name switch
    {
        "none" => new NoneMethod(),
        "random" => new RandomMethod(),
        "pool" => new PoolMethod(),
        "fastv" => new FastVMethod(),
        "vas" => new VasMethod(),
        "tome" => new ToMeMethod(),
        "stateful" => new StatefulMethod(),
        _ => throw new ArgumentException($"No built-in method '{name}'."),
    };

    /// <summary>
    /// Arguments a method needs to meet budgets down to 0.25 on the test shapes and fixtures (4–20 layers):
    /// stateful's default ramp from layer 1 reaches only ρ ≥ 0.31 on 20 layers (0.54 on 7), so contract
    /// tests run it with the geometric schedule; its own tests cover the ramp.
    /// </summary>
    public static string ShallowDefaults(string name) => name == "stateful" ? "schedule=geometric" : "";

    /// <summary>Parses "a=1;b=2" into arguments.</summary>
    public static IReadOnlyDictionary<string, string> Args(string text) =>
        PruneBench.Abstractions.Parameters.ParameterText.ParsePairs(text, "test");
}
