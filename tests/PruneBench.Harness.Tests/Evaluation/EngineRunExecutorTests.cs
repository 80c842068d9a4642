using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Engine;
using PruneBench.Core.Plugins;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Tests.Infrastructure;

using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Tests.Evaluation;

/// <summary>A plugin's own code failing in Resolve, CreateReducer, SignalsAfter or Decide fails that run, naming the plugin (and the layer).</summary>
public sealed class EngineRunExecutorTests
{
    public sealed record NoParameters;

    /// <summary>A method that throws where it is told to.</summary>
    public sealed class Faulty(string where) : ReductionMethod<NoParameters>
    {
        public override string Name => "faulty";

        public override string Description => "throws";

        protected override NoParameters Resolve(NoParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model) =>
            where == "resolve" ? throw new InvalidCastException("bad cast") : values;

        protected override IReducer CreateReducer(NoParameters values, ModelShape model, SampleLayout sample, int seed) =>
            where == "create" ? throw new DivideByZeroException("zero") : new Reducer(where);

        private sealed class Reducer(string where) : IReducer
        {
            public SignalRequest SignalsAfter(int layer) =>
                layer == 1 && where == "signals" ? throw new KeyNotFoundException("no key") : layer == 1 ? new SignalRequest(SignalKinds.Decision) : SignalRequest.Nothing;

            public ReductionDecision Decide(LayerObservation observation) => null!;
        }
    }

    [Theory]
    [InlineData("resolve", "plugin 'faulty': Configure (Resolve) threw InvalidCastException: bad cast")]
    [InlineData("create", "plugin 'faulty': CreateReducer for sample ")]
    [InlineData("signals", "reducer 'faulty' after layer 1: SignalsAfter threw KeyNotFoundException: no key")]
    [InlineData("decide", "reducer 'faulty' after layer 1: Decide returned null (use ReductionDecision.None).")]
    public void A_plugin_failing_in_its_own_code_fails_the_run_with_a_message_naming_it(string where, string message)
    {
        var method = new Faulty(where);
        var plugins = new PluginCatalog([new PluginMethod(method.Name, method.Description, method.Parameters, typeof(Faulty).FullName!, "faulty.dll", method)], []);
        var run = new RunConfiguration(RepositoryPaths.Fixture("llama"), "random", "random", 2, 4, 1, 0, "faulty", "", null);
        var spec = new SweepSpec([run.Model], [new BenchmarkAxis("random", ["random"], [2], [4], 1)], [new MethodAxis("faulty", [])], [], [0]);
        using var executor = new EngineRunExecutor(new CpuBackend(), plugins, MethodSettings.Parse(spec, plugins), BenchmarkRegistry.Default);

        var e = Record.Exception(() => executor.Execute(run));

        Assert.True(e is PluginFailureException or ReductionException, e?.ToString());
        Assert.StartsWith(message, e!.Message, StringComparison.Ordinal);
    }
}
