using Attune.Statistics;

namespace Attune.Tests.Statistics;

public class ItemAnalysisTests
{
    // 5 respondents × 3 items, hand-computed:
    //        i1 i2 i3  total
    //   R1    1  1  1   3
    //   R2    1  1  0   2
    //   R3    1  0  0   1
    //   R4    0  0  0   0
    //   R5    1  1  1   3
    private static readonly int[,] Matrix = { { 1, 1, 1 }, { 1, 1, 0 }, { 1, 0, 0 }, { 0, 0, 0 }, { 1, 1, 1 } };

    private static List<ItemResponse> Responses(int[,] m, int extraWrongChoice = 2)
    {
        var list = new List<ItemResponse>();
        for (int r = 0; r < m.GetLength(0); r++)
        {
            for (int i = 0; i < m.GetLength(1); i++)
            {
                list.Add(new ItemResponse($"R{r + 1}", $"i{i + 1}", m[r, i] == 1, m[r, i] == 1 ? 0 : (r == 3 ? -1 : extraWrongChoice)));
            }
        }
        return list;
    }

    [Fact]
    public void Difficulty_discrimination_and_kr20_match_hand_computation()
    {
        var a = ItemAnalysis.Compute(Responses(Matrix));
        Assert.Equal([0.8, 0.6, 0.4], a.Items.Select(i => i.Difficulty));
        // Σpq = 0.16 + 0.24 + 0.24 = 0.64; totals 3,2,1,0,3 have population variance 1.36; KR-20 = 3/2 × (1 − 0.64/1.36)
        Assert.Equal(1.5 * (1 - (0.64 / 1.36)), a.Kr20, 12);
        // i1 against the rest (2,1,0,0,2): r = 1 / √3.2
        Assert.Equal(1 / Math.Sqrt(3.2), a.Items[0].Discrimination, 12);
        // i3 against the rest (2,2,1,0,2): r = 1.2 / √(1.2 × 3.2)
        Assert.Equal(1.2 / Math.Sqrt(1.2 * 3.2), a.Items[2].Discrimination, 12);
        Assert.Equal(9.0 / 15, a.MeanScore, 12);
    }

    [Fact]
    public void Choice_counts_include_unreadable_answers()
    {
        var a = ItemAnalysis.Compute(Responses(Matrix));
        var i2 = a.Items[1];
        Assert.Equal(3, i2.Choices[0]);
        Assert.Equal(1, i2.Choices[2]);
        Assert.Equal(1, i2.Choices[-1]);
    }

    [Fact]
    public void Flags_items_that_are_too_easy_too_hard_or_discriminate_negatively()
    {
        //        i1 i2(easy) i3(hard) i4(only the weakest is right)
        int[,] m = { { 1, 1, 0, 0 }, { 1, 1, 0, 0 }, { 1, 1, 0, 0 }, { 0, 1, 0, 1 }, { 1, 1, 0, 0 } };
        var a = ItemAnalysis.Compute(Responses(m));
        Assert.Contains("too-easy", a.Items[1].Flags);
        Assert.Contains("no-variance", a.Items[1].Flags);
        Assert.Contains("too-hard", a.Items[2].Flags);
        Assert.Contains("negative-discrimination", a.Items[3].Flags);
        Assert.True(a.Items[3].Discrimination < 0);
    }

    [Fact]
    public void Bootstrap_ci_brackets_each_difficulty()
    {
        var a = ItemAnalysis.Compute(Responses(Matrix));
        Assert.All(a.Items, i => Assert.True(i.Lower <= i.Difficulty && i.Difficulty <= i.Upper));
        // everyone right: every bootstrap resample is right too, so the interval is the point [1, 1]
        var all = ItemAnalysis.Compute([new("A", "x", true, 0), new("B", "x", true, 0)]).Items[0];
        Assert.Equal((1.0, 1.0, 1.0), (all.Lower, all.Difficulty, all.Upper));
        var none = ItemAnalysis.Compute([new("A", "x", false, 1), new("B", "x", false, 2)]).Items[0];
        Assert.Equal((0.0, 0.0, 0.0), (none.Lower, none.Difficulty, none.Upper));
        // i2 (3 of 5 right): a resample can be all wrong or all right, so the interval is wider than the point
        var i2 = ItemAnalysis.Compute(Responses(Matrix)).Items[1];
        Assert.True(i2.Lower < 0.6 && i2.Upper > 0.6, $"[{i2.Lower}, {i2.Upper}]");
    }
}
