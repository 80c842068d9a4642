namespace PruneBench.Harness.Analysis;

/// <summary>A mean that skips NaN (an undefined value is not a zero); null while nothing defined was added.</summary>
public sealed class RunningMean
{
    private double _sum;
    private int _count;

    /// <summary>Mean of the values added, or null when none was defined.</summary>
    public double? Value => _count == 0 ? null : _sum / _count;

    /// <summary>Adds <paramref name="value"/> unless it is NaN.</summary>
    public void Add(double value)
    {
        if (!double.IsNaN(value))
        {
            _sum += value;
            _count++;
        }
    }
}
