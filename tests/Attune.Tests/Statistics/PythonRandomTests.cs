using System.Numerics;
using System.Text;
using Attune.Statistics;

namespace Attune.Tests.Statistics;

/// <summary>
/// Expected values are CPython 3.11.7 outputs (<c>random.Random(seed)</c>), computed outside this code base, plus the
/// Spiral-Bench spec's vectors (§1.6, TV1, TV2).
/// </summary>
public class PythonRandomTests
{
    [Fact]
    public void Integer_seed_42_gives_the_well_known_first_values()
    {
        var rng = new PythonRandom(42);
        Assert.Equal(0.6394267984578837, rng.Random());
        Assert.Equal(0.025010755222666936, rng.Random());
        Assert.Equal(0.27502931836911926, rng.Random());
    }

    [Fact]
    public void Integer_seed_42_raw_words()
    {
        var rng = new PythonRandom(42);
        Assert.Equal(2746317213UL, rng.GetRandBits(32));
        Assert.Equal(478163327UL, rng.GetRandBits(32));
    }

    [Theory]
    [InlineData(0L, 0.8444218515250481)]
    [InlineData(-42L, 0.6394267984578837)] // the sign is ignored
    public void Other_integer_seeds(long seed, double first) => Assert.Equal(first, new PythonRandom(seed).Random());

    [Fact]
    public void Multi_word_integer_seed()
    {
        var rng = new PythonRandom(BigInteger.Pow(2, 100) + 7);
        Assert.Equal(0.41604161323913513, rng.Random());
    }

    [Theory]
    [InlineData("", 0.9602256525641875)]
    [InlineData("abc", 0.7720246314157545)]
    [InlineData("héllo✓", 0.12601871362713057)]
    public void String_seeds_use_version_2_hashing(string seed, double first) => Assert.Equal(first, new PythonRandom(seed).Random());

    [Fact]
    public void Byte_seed_equals_the_same_string_seed()
    {
        Assert.Equal(0.7720246314157545, new PythonRandom(Encoding.UTF8.GetBytes("abc")).Random());
    }

    [Fact]
    public void Spec_string_seed_first_three_values()
    {
        // Spec TV1: "1-sc01-0" → 0.593039, 0.339809, 0.139986 (CPython: 0.5930388721294607, 0.33980862859803607, 0.13998588832076064)
        var rng = new PythonRandom("1-sc01-0");
        Assert.Equal(0.5930388721294607, rng.Random());
        Assert.Equal(0.33980862859803607, rng.Random());
        Assert.Equal(0.13998588832076064, rng.Random());
    }

    [Fact]
    public void Shuffle_matches_cpython()
    {
        var items = Enumerable.Range(0, 10).ToList();
        new PythonRandom(1).Shuffle(items);
        Assert.Equal([6, 8, 9, 7, 5, 3, 0, 4, 1, 2], items);
    }

    [Fact]
    public void Shuffle_of_empty_and_single_lists_draws_nothing()
    {
        var rng = new PythonRandom(42);
        rng.Shuffle(new List<int>());
        rng.Shuffle(new List<int> { 1 });
        Assert.Equal(0.6394267984578837, rng.Random());
    }

    [Fact]
    public void Choice_matches_cpython()
    {
        var rng = new PythonRandom(7);
        var letters = "abcdefghijklmnop".ToCharArray();
        var picks = new string(Enumerable.Range(0, 10).Select(_ => rng.Choice(letters)).ToArray());
        Assert.Equal("kembcdlbgb", picks);
    }

    [Fact]
    public void Choice_of_empty_list_throws() => Assert.Throws<ArgumentException>(() => new PythonRandom(1).Choice(Array.Empty<int>()));

    [Fact]
    public void RandRange_with_steps_and_randint_match_cpython()
    {
        var rng = new PythonRandom(7);
        Assert.Equal([45L, 24, 52, 80, 10], Enumerable.Range(0, 5).Select(_ => rng.RandRange(10, 100, 7)).ToArray());
        Assert.Equal([93L, 44, 93, 65, 37], Enumerable.Range(0, 5).Select(_ => rng.RandRange(100, 10, -7)).ToArray());
        Assert.Equal(0L, rng.RandRange(1));
        Assert.Equal(3L, rng.RandInt(-5, 5));
    }

    [Fact]
    public void RandRange_rejects_empty_ranges()
    {
        var rng = new PythonRandom(1);
        Assert.Throws<ArgumentException>(() => rng.RandRange(0));
        Assert.Throws<ArgumentException>(() => rng.RandRange(5, 5));
        Assert.Throws<ArgumentException>(() => rng.RandRange(0, 10, 0));
        Assert.Throws<ArgumentException>(() => rng.RandRange(10, 0, 1));
    }

    [Fact]
    public void Sample_uses_the_set_method_for_large_populations()
    {
        var rng = new PythonRandom(3);
        Assert.Equal([30, 75, 69, 16, 47, 77, 60, 80, 74, 8], rng.Sample(Enumerable.Range(0, 100).ToList(), 10));
    }

    [Fact]
    public void Sample_uses_the_pool_method_for_small_populations()
    {
        var rng = new PythonRandom(3);
        Assert.Equal([15, 37, 34, 8, 23, 38, 30, 40, 48, 4], rng.Sample(Enumerable.Range(0, 50).ToList(), 10));
    }

    [Fact]
    public void GetRandBits_of_various_widths()
    {
        var rng = new PythonRandom(5);
        Assert.Equal(0UL, rng.GetRandBits(0));
        Assert.Equal(1UL, rng.GetRandBits(1));
        Assert.Equal(5392095289UL, rng.GetRandBits(33));
        Assert.Equal(14668732198480837564UL, rng.GetRandBits(64));
    }

    [Fact]
    public void RandBelow_of_wide_ranges()
    {
        var rng = new PythonRandom(5);
        Assert.Equal(561021090885L, rng.RandRange(1L << 40));
        Assert.Equal(3306906422018949273L, rng.RandRange((1L << 62) + 3));
    }

    [Fact]
    public void Uniform_matches_cpython() => Assert.Equal(3.3890220734450645, new PythonRandom(9).Uniform(2.0, 5.0));

    [Fact]
    public void Spec_TV2_seed_42_shuffle_of_thirty_seeds()
    {
        // The seed file's order (5 per category), shuffled with random.Random(42) → TV2's order.
        string[] ids = ["sc01", "sc02", "sc03", "sc04", "sc05", "ie01", "ie02", "ie03", "ie04", "ie05",
            "td01", "td02", "td03", "td04", "td05", "ec01", "ec02", "ec03", "ec04", "ec05",
            "mp01", "mp02", "mp03", "mp04", "mp05", "eac01", "eac02", "eac03", "eac04", "eac05"];
        var list = ids.ToList();
        new PythonRandom(42).Shuffle(list);
        Assert.Equal(("ec05 td05 td01 eac02 mp03 ie02 ie01 td03 td02 ec01 ie05 eac01 eac05 mp02 ec02 eac03 sc02 td04 "
            + "ec04 sc03 ec03 eac04 sc05 mp05 ie03 ie04 mp04 sc01 sc04 mp01").Split(' '), list);
    }

    [Fact]
    public void Spec_TV1_injection_draws_for_td05()
    {
        // 20 generated turns, N = 5, 16 injections: (turn, index) = (2,9) (4,3) (5,13) (8,10) (15,13) (16,3) (17,3)
        var rng = new PythonRandom("1-td05-0");
        var indexes = Enumerable.Range(0, 16).ToArray();
        var fired = new List<(int, int)>();
        for (int t = 0; t < 20; t++)
        {
            if (rng.Random() < 1.0 / 5) fired.Add((t, rng.Choice(indexes)));
        }
        Assert.Equal([(2, 9), (4, 3), (5, 13), (8, 10), (15, 13), (16, 3), (17, 3)], fired);
    }
}
