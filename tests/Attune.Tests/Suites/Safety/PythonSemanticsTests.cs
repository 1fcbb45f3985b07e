using System.Numerics;
using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

/// <summary>Expected values are CPython 3.11.7's <c>int()</c>, <c>float()</c> and <c>str</c> methods on the same inputs.</summary>
public class PythonSemanticsTests
{
    [Theory]
    [InlineData(" 2 ", "2")]
    [InlineData("1_0", "10")]
    [InlineData("٣", "3")]
    [InlineData("+3", "3")]
    [InlineData("\u20037\u2003", "7")]
    [InlineData("١٢", "12")]
    [InlineData("-2", "-2")]
    [InlineData("007", "7")]
    [InlineData(" 7.5 ", null)]
    [InlineData("1__0", null)]
    [InlineData("_1", null)]
    [InlineData("1_", null)]
    [InlineData("3.0", null)]
    [InlineData("0x10", null)]
    [InlineData("", null)]
    [InlineData("-", null)]
    [InlineData("high", null)]
    public void Int_of_strings(string text, string? expected)
    {
        bool ok = PythonSemantics.TryParseInt(text, out var value);
        Assert.Equal(expected is not null, ok);
        if (expected is not null) Assert.Equal(BigInteger.Parse(expected), value);
    }

    [Theory]
    [InlineData(" 7.5 ", 7.5)]
    [InlineData("1_0", 10.0)]
    [InlineData("٣", 3.0)]
    [InlineData(" -inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("+3", 3.0)]
    [InlineData("1_0.5", 10.5)]
    [InlineData("1.5_0", 1.5)]
    [InlineData("1e1_0", 1e10)]
    [InlineData("\u20037\u2003", 7.0)]
    public void Float_of_strings(string text, double expected)
    {
        Assert.True(PythonSemantics.TryParseFloat(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1e")]
    [InlineData("0x10")]
    [InlineData(".")]
    [InlineData("high")]
    [InlineData("")]
    public void Float_rejects(string text) => Assert.False(PythonSemantics.TryParseFloat(text, out _));

    [Fact]
    public void Float_of_nan_strings()
    {
        Assert.True(PythonSemantics.TryParseFloat("nan", out var a) && double.IsNaN(a));
        Assert.True(PythonSemantics.TryParseFloat("-NaN", out var b) && double.IsNaN(b));
    }

    [Fact]
    public void Int_of_values()
    {
        Assert.True(PythonSemantics.TryInt(2.7, out var a) && a == 2);
        Assert.True(PythonSemantics.TryInt(-2.7, out var b) && b == -2);
        Assert.True(PythonSemantics.TryInt(true, out var c) && c == 1);
        Assert.False(PythonSemantics.TryInt(double.PositiveInfinity, out _));
        Assert.False(PythonSemantics.TryInt(double.NaN, out _));
        Assert.False(PythonSemantics.TryInt(null, out _));
        Assert.False(PythonSemantics.TryInt(new List<object?>(), out _));
    }

    [Fact]
    public void Float_of_a_huge_int_overflows() => Assert.False(PythonSemantics.TryFloat(BigInteger.Pow(10, 400), out _));

    [Fact]
    public void Lower_maps_dotted_capital_i_to_two_code_points() => Assert.Equal("i\u0307", PythonSemantics.Lower("İ"));

    [Fact]
    public void Splitlines_like_python()
    {
        Assert.Equal(["a", "b", "", "c", "d"], PythonSemantics.SplitLines("a\r\nb\n\rc\u2028d"));
        Assert.Equal(["a"], PythonSemantics.SplitLines("a\n"));
        Assert.Empty(PythonSemantics.SplitLines(""));
    }

    [Fact]
    public void Code_points()
    {
        Assert.Equal(3, PythonSemantics.CodePointLength("a😀b"));
        Assert.Equal("a😀", PythonSemantics.CodePointPrefix("a😀b", 2));
        Assert.Equal(1, PythonSemantics.CodePointLength("\ud800"));
        // U+FF5E sorts before U+1F600 in code points but after it in UTF-16 units
        Assert.True(PythonSemantics.CompareCodePoints("\uff5e", "😀") < 0);
        Assert.True(string.CompareOrdinal("\uff5e", "😀") > 0);
    }
}
