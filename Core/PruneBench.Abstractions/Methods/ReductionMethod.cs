using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Abstractions.Methods;

/// <summary>
/// Base class for methods whose parameters are a record <typeparamref name="TParameters"/> with
/// <see cref="ParameterAttribute"/> properties. Derived classes supply the name, how a budget maps to
/// parameters, and the per-sample reducer; parsing, validation and the canonical string come from here.
/// </summary>
public abstract class ReductionMethod<TParameters> : IReductionMethod
    where TParameters : class, new()
{
    private ParameterBinder<TParameters>? _binder;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    private ParameterBinder<TParameters> Binder => _binder ??= new ParameterBinder<TParameters>(Name);

    /// <inheritdoc />
    public IReadOnlyList<ParameterSpec> Parameters => Binder.Specs;

    /// <inheritdoc />
    public MethodSetting Parse(IReadOnlyDictionary<string, string> arguments)
    {
        var (values, userKeys) = Binder.Bind(arguments);
        return new MethodSetting(Name, values, userKeys);
    }

    /// <inheritdoc />
    public IConfiguredMethod Configure(MethodSetting setting, double? budget, ModelShape model)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (setting.Method != Name || setting.Values is not TParameters values)
        {
            throw new ArgumentException($"{Name}: the setting was parsed by '{setting.Method}'.", nameof(setting));
        }

        // The host checks budgets where the user gives them (MeanRetention); this only guards the precondition.
        if (budget is { } b && MeanRetention.Problem(b) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), $"{Name}: {problem}.");
        }

        var resolved = Resolve(values, setting.UserKeys, budget, model);
        Binder.Validate(resolved);
        return new Configured(this, resolved, Binder.Canonical(resolved), model);
    }

    /// <summary>
    /// Completes the parameters for <paramref name="model"/>: fills layer defaults that depend on depth and,
    /// when <paramref name="budget"/> is given, derives every knob the user did not set (<paramref name="userKeys"/>)
    /// so that measured mean retention meets the budget.
    /// </summary>
    protected abstract TParameters Resolve(TParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model);

    /// <summary>Creates the per-sample reducer.</summary>
    protected abstract IReducer CreateReducer(TParameters values, ModelShape model, SampleLayout sample, int seed);

    private sealed class Configured(ReductionMethod<TParameters> method, TParameters values, string canonical, ModelShape model)
        : IConfiguredMethod
    {
        public string CanonicalParameters => canonical;

        public IReducer CreateReducer(SampleLayout sample, int seed) => method.CreateReducer(values, model, sample, seed);
    }
}
