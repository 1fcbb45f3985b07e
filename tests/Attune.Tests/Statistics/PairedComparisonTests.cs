using Attune.Statistics;

namespace Attune.Tests.Statistics;

public class PairedComparisonTests
{
    [Fact]
    public void Exact_sign_flip_p_value_for_small_samples()
    {
        // diffs all +1 over 5 pairs: only the all-plus and all-minus flips are as extreme: p = 2/32
        var cmp = PairedComparison.Compute([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]);
        Assert.Equal(5, cmp.Pairs);
        Assert.Equal(1.0, cmp.MeanDifference);
        Assert.Equal(2.0 / 32, cmp.PValue, 12);
        Assert.Equal(5, cmp.BetterInB);
        Assert.Equal((1.0, 1.0), (cmp.Lower, cmp.Upper));
    }

    [Fact]
    public void No_difference_gives_p_one()
    {
        var cmp = PairedComparison.Compute([1, 2, 3], [1, 2, 3]);
        Assert.Equal(1.0, cmp.PValue);
        Assert.Equal(0, cmp.BetterInA + cmp.BetterInB);
    }

    [Fact]
    public void Bootstrap_interval_brackets_the_mean_and_is_deterministic()
    {
        var values = Enumerable.Range(0, 100).Select(i => (double)(i % 10)).ToList();
        var (lo, hi) = Bootstrap.MeanInterval(values);
        Assert.True(lo < 4.5 && hi > 4.5);
        Assert.True(hi - lo < 2);
        Assert.Equal((lo, hi), Bootstrap.MeanInterval(values));
        Assert.Equal(2.5, Bootstrap.Percentile([1, 2, 3, 4], 0.5));
    }
}
