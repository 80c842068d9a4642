using PruneBench.Harness.Publishing;

namespace PruneBench.Harness.Tests.Publishing;

public sealed class AccuracyIntervalTests
{
    [Fact]
    public void Eight_of_ten_gives_the_textbook_wilson_interval()
    {
        var interval = AccuracyInterval.Wilson(8, 10);

        Assert.Equal(0.8, interval.Accuracy, 12);
        Assert.Equal(0.4902, interval.Low, 4);
        Assert.Equal(0.9433, interval.High, 4);
    }

    [Fact]
    public void All_wrong_and_all_right_keep_a_width_and_stay_inside_zero_and_one()
    {
        var none = AccuracyInterval.Wilson(0, 10);
        var all = AccuracyInterval.Wilson(40, 40);

        Assert.Equal(0, none.Low);
        Assert.Equal(0.2775, none.High, 4);
        Assert.Equal(1, all.High);
        Assert.Equal(40 / (40 + (1.959963984540054 * 1.959963984540054)), all.Low, 12);
    }

    [Fact]
    public void Pooling_rows_adds_their_correct_counts_despite_float_noise_in_the_accuracies()
    {
        var pooled = AccuracyInterval.Pool([(0.30000000000000004, 10), (0.9999999999999999, 10)]);

        Assert.Equal(13, pooled.Correct);
        Assert.Equal(20, pooled.Samples);
        Assert.Equal(AccuracyInterval.Wilson(13, 20), pooled);
    }

    [Fact]
    public void No_samples_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AccuracyInterval.Wilson(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AccuracyInterval.Wilson(11, 10));
    }
}
