using Attune.Text;

namespace Attune.Tests.Text;

public class JsonExtractionLooseTests
{
    [Theory]
    [InlineData("Sure:\n```json\n{\"a\": 1,}\n```", "a", 1)]              // trailing comma, fenced
    [InlineData("{'a': 2}", "a", 2)]                                        // single quotes throughout
    [InlineData("note {\"a\": 3 /* why */} end", "a", 3)]                   // a comment
    [InlineData("x {\"a\": {\"b\": 1}, \"c\": 4} y", "c", 4)]               // nested objects: first { to last }
    public void Reads_what_models_write(string text, string key, int expected)
    {
        using var doc = JsonExtraction.Loose(text);
        Assert.NotNull(doc);
        Assert.Equal(expected, doc.RootElement.GetProperty(key).GetInt32());
    }

    [Theory]
    [InlineData("no json here")]
    [InlineData("} before {")]
    [InlineData("{\"a\": }")]
    [InlineData(null)]
    public void Gives_nothing_when_there_is_no_object(string? text) => Assert.Null(JsonExtraction.Loose(text));
}
