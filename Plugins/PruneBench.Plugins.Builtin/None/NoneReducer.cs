using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.None;

/// <summary>Never asks for a signal, so the engine runs exactly its unreduced path.</summary>
internal sealed class NoneReducer : IReducer
{
    public static NoneReducer Instance { get; } = new();

    public SignalRequest SignalsAfter(int layer) => SignalRequest.Nothing;

    public ReductionDecision Decide(LayerObservation observation) => ReductionDecision.None;
}
