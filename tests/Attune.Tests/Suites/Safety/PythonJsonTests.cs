using System.Numerics;
using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

/// <summary>Expected messages and values are CPython 3.11.7's <c>json.loads</c> outputs for the same inputs.</summary>
public class PythonJsonTests
{
    [Theory]
    [InlineData("{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)")]
    [InlineData("[1,]", "Expecting value: line 1 column 4 (char 3)")]
    [InlineData("{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)")]
    [InlineData("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)")]
    [InlineData("{\"a\": }", "Expecting value: line 1 column 7 (char 6)")]
    [InlineData("{\"a\": \"b", "Unterminated string starting at: line 1 column 7 (char 6)")]
    [InlineData("{\"a\": \"b\u0001\"}", "Invalid control character at: line 1 column 9 (char 8)")]
    [InlineData("{\"a\": \"\\x\"}", "Invalid \\escape: line 1 column 8 (char 7)")]
    [InlineData("{\"a\": \"\\u12\"}", "Invalid \\uXXXX escape: line 1 column 9 (char 8)")]
    [InlineData("{\"a\": \"\\u12zz\"}", "Invalid \\uXXXX escape: line 1 column 9 (char 8)")]
    [InlineData("{\"a\": nul}", "Expecting value: line 1 column 7 (char 6)")]
    [InlineData("{\"a\": -}", "Expecting value: line 1 column 7 (char 6)")]
    [InlineData("{\"a\": 01}", "Expecting ',' delimiter: line 1 column 8 (char 7)")]
    [InlineData("{\"a\": 1.}", "Expecting ',' delimiter: line 1 column 8 (char 7)")]
    [InlineData("{\"a\": 1e}", "Expecting ',' delimiter: line 1 column 8 (char 7)")]
    [InlineData("{\"a\": [}", "Expecting value: line 1 column 8 (char 7)")]
    [InlineData("{\"a\": {}}x", "Extra data: line 1 column 10 (char 9)")]
    [InlineData("{'a': 1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")]
    [InlineData("{\"a\": 1} // c", "Extra data: line 1 column 10 (char 9)")]
    [InlineData("{\"a\":\n\"x\ty\"}", "Invalid control character at: line 2 column 3 (char 8)")]
    [InlineData("{\"é\": \"😀x\u0002\"}", "Invalid control character at: line 1 column 10 (char 9)")]
    [InlineData("{\"a\": \"\\u12\"", "Invalid \\uXXXX escape: line 1 column 9 (char 8)")]
    [InlineData("{\"a\": tru}", "Expecting value: line 1 column 7 (char 6)")]
    [InlineData("{\"a\": \"x\\", "Unterminated string starting at: line 1 column 7 (char 6)")]
    [InlineData("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")]
    public void Errors_match_cpython(string json, string message) =>
        Assert.Equal(message, Assert.Throws<PythonJsonException>(() => PythonJson.Loads(json)).Message);

    [Fact]
    public void Values_match_cpython()
    {
        var obj = Assert.IsType<OrderedDictionary<string, object?>>(PythonJson.Loads(
            "{\"a\": 1e400, \"b\": 12345678901234567890123, \"c\": -0, \"d\": -0.0, \"e\": 1E+2, \"f\": NaN, \"g\": -Infinity, "
            + "\"h\": \"\\ud83d\\ude00\", \"i\": \"\\ud800\", \"j\": [true, false, null], \"k\": {}}"));
        Assert.Equal(double.PositiveInfinity, obj["a"]);
        Assert.Equal(BigInteger.Parse("12345678901234567890123"), obj["b"]);
        Assert.Equal(BigInteger.Zero, obj["c"]);
        Assert.True(obj["d"] is double d && d == 0 && double.IsNegative(d));
        Assert.Equal(100.0, obj["e"]);
        Assert.True(obj["f"] is double f && double.IsNaN(f));
        Assert.Equal(double.NegativeInfinity, obj["g"]);
        Assert.Equal("😀", obj["h"]);
        Assert.Equal("\ud800", obj["i"]);
        Assert.Equal(new List<object?> { true, false, null }, obj["j"]);
        Assert.Empty(Assert.IsType<OrderedDictionary<string, object?>>(obj["k"]));
    }

    [Fact]
    public void Duplicate_keys_keep_the_first_position_and_the_last_value()
    {
        var obj = Assert.IsType<OrderedDictionary<string, object?>>(PythonJson.Loads("{\"a\": 1, \"b\": 2, \"a\": 3}"));
        Assert.Equal(["a", "b"], obj.Keys);
        Assert.Equal(new BigInteger(3), obj["a"]);
    }

    [Fact]
    public void Deep_nesting_fails_like_a_recursion_error()
    {
        var json = new string('[', 5000) + new string(']', 5000);
        Assert.Contains("maximum recursion depth", Assert.Throws<PythonJsonException>(() => PythonJson.Loads(json)).Message);
        Assert.NotNull(PythonJson.Loads("{\"a\":[[[[1]]]]}"));
    }

    [Fact]
    public void Integers_longer_than_4300_digits_are_rejected()
    {
        Assert.Throws<PythonJsonException>(() => PythonJson.Loads("{\"a\": " + new string('9', 4301) + "}"));
        Assert.NotNull(PythonJson.Loads("{\"a\": " + new string('9', 4300) + "}"));
    }

    [Theory]
    [InlineData("reason {1,2} then {\"a\": 1} done", "{1,2} then {\"a\": 1}")]
    [InlineData("no braces", null)]
    [InlineData("} before {", null)]
    [InlineData("{ only open", null)]
    [InlineData("x{}y", "{}")]
    public void Greedy_object_spans_first_open_to_last_close(string text, string? expected) =>
        Assert.Equal(expected, PythonJson.GreedyObject(text));
}
