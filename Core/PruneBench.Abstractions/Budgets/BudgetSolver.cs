namespace PruneBench.Abstractions.Budgets;

/// <summary>
/// Finds the knob value whose planned mean retention equals a budget, by bisection on a function that
/// increases with the knob (more kept per step ⇒ more retention). Every method with a one-parameter
/// family of schedules uses this instead of its own search.
/// </summary>
public static class BudgetSolver
{
    /// <summary>
    /// Returns x in [<paramref name="lo"/>, <paramref name="hi"/>] with meanRetention(x) ≈ budget, or null when
    /// the budget lies outside [meanRetention(lo), meanRetention(hi)]. At the top end the highest x is returned.
    /// </summary>
    public static double? Solve(Func<double, double> meanRetention, double budget, double lo, double hi)
    {
        const double tolerance = 1e-12;
        if (meanRetention(lo) > budget + tolerance)
        {
            return null;
        }

        if (meanRetention(hi) <= budget + tolerance)
        {
            return hi;
        }

        for (var i = 0; i < 200 && hi - lo > 1e-13; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (meanRetention(mid) > budget)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return lo;
    }
}
