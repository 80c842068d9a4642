using System.Reflection;
using PruneBench.Abstractions.Methods;
using PruneBench.Core.Engine;
using PruneBench.Plugins.Builtin.FastV;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Loading;

public class PluginLoaderTests
{
    [Fact]
    public void The_built_in_assembly_loads_through_the_plugin_loader_and_its_reducers_work()
    {
        // Reached by name so this project builds before the loader is on main; until then the test skips visibly.
        var loader = typeof(ReductionEngine).Assembly.GetType("PruneBench.Core.Plugins.PluginLoader");
        if (loader is null)
        {
            Assert.Skip("PruneBench.Core.Plugins.PluginLoader is not on main yet.");
        }

        var load = loader.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(IEnumerable<string>)])!;
        var catalog = load.Invoke(null, [new[] { typeof(FastVMethod).Assembly.Location }])!;
        var create = catalog.GetType().GetMethod("Create", [typeof(string)])!;
        foreach (var name in TestShapes.MethodNames)
        {
            var method = (IReductionMethod)create.Invoke(catalog, [name])!;
            Assert.Equal(name, method.Name);
            // Loaded into the plugin's own context, not the copy this test project references.
            Assert.NotSame(typeof(FastVMethod).Assembly, method.GetType().Assembly);

            var configured = method.Configure(Methods.Args(""), name == "none" ? null : 0.5, TestShapes.Hybrid);
            var run = new DecisionDriver(TestShapes.Hybrid, TestShapes.Video).Run(configured.CreateReducer(TestShapes.Video, 1));
            Assert.True(run.MeanRetention <= (name == "none" ? 1.0 : 0.5 + 0.05), $"{name}: ρ = {run.MeanRetention}");
        }
    }
}
