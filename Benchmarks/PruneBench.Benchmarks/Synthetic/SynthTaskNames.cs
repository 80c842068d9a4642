namespace PruneBench.Benchmarks.Synthetic;

/// <summary>Command-line and file names of the task families (<c>needle-color</c>, <c>temporal</c>, …).</summary>
public static class SynthTaskNames
{
    private static readonly (SynthTask Task, string Name)[] Names =
    [
        (SynthTask.NeedleColor, "needle-color"),
        (SynthTask.Temporal, "temporal"),
        (SynthTask.Count, "count"),
        (SynthTask.Order, "order"),
        (SynthTask.Spatial, "spatial"),
    ];

    /// <summary>All tasks in their canonical order.</summary>
    public static IReadOnlyList<SynthTask> All { get; } = Names.Select(n => n.Task).ToArray();

    /// <summary>The task's name, e.g. <c>needle-color</c>.</summary>
    public static string NameOf(SynthTask task) => Names.First(n => n.Task == task).Name;

    /// <summary>Parses a task name; throws naming the valid names when it is unknown.</summary>
    public static SynthTask Parse(string name)
    {
        foreach (var (task, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return task;
            }
        }

        throw new ArgumentException(
            $"Unknown synthetic task '{name}'; expected one of {string.Join(", ", Names.Select(n => n.Name))}.", nameof(name));
    }
}
