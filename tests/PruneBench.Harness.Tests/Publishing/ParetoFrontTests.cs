using PruneBench.Harness.Publishing;

namespace PruneBench.Harness.Tests.Publishing;

public sealed class ParetoFrontTests
{
    [Fact]
    public void Only_points_that_nothing_beats_in_both_coordinates_are_on_the_front_sorted_by_x()
    {
        // (speedup, accuracy): index 1 is beaten by 2 (faster, as accurate); 3 is beaten by 4.
        (double, double)[] points = [(1.0, 97), (1.5, 96), (1.8, 96), (3.7, 38), (3.7, 40)];

        Assert.Equal([0, 2, 4], ParetoFront.Of(points));
    }

    [Fact]
    public void Equal_points_do_not_dominate_each_other()
    {
        Assert.Equal([0, 1], ParetoFront.Of([(2.0, 50), (2.0, 50)]));
    }
}
