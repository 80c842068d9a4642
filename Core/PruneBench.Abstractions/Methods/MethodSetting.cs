namespace PruneBench.Abstractions.Methods;

/// <summary>
/// A method's parameters as the user set them, parsed and range-checked once by the method's own binder
/// (<see cref="IReductionMethod.Parse"/>); <see cref="IReductionMethod.Configure"/> completes them for a model and a
/// budget. Only the method that parsed it can configure it.
/// </summary>
/// <param name="Method">Name of the method that parsed it.</param>
/// <param name="Values">The typed parameter record: defaults overridden by the user's values.</param>
/// <param name="UserKeys">Keys the user set (knobs a budget must not override).</param>
public sealed record MethodSetting(string Method, object Values, IReadOnlySet<string> UserKeys);
