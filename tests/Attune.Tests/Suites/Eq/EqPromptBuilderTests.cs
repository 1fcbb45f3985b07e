using System.Text.Json;
using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqPromptBuilderTests
{
    [SharedFact]
    public void Prompts_match_reference_vectors_byte_for_byte()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.EqVectors));
        var en = EqQuestionSet.Load(SharedData.EqEnglish);
        var de = EqQuestionSet.Load(SharedData.EqGerman);
        int checkedCount = 0;
        foreach (var v in doc.RootElement.GetProperty("prompt_vectors").EnumerateArray())
        {
            bool german = v.GetProperty("language").GetString() == "de";
            var set = german ? de : en;
            var id = v.GetProperty("question_id").ToString();
            bool revise = v.GetProperty("revise_mode").GetBoolean();
            var q = set.Find(id)!;
            var prompt = EqPromptBuilder.Build(q, german ? EqLanguage.De : EqLanguage.En, revise);
            Assert.Equal(v.GetProperty("expected_prompt").GetString(), prompt);
            checkedCount++;
        }
        Assert.True(checkedCount >= 6);
    }

    [Fact]
    public void Missing_markers_behave_like_python_find_minus_one()
    {
        // Without "Critique: <your critique here>" Python slices prompt[:-1]; without "[End of answer]" it keeps prompt[-1:].
        var prompt = EqPromptBuilder.RemoveRevisionInstructions("abc", EqLanguage.En);
        Assert.Equal("ab\nc\nYour answer:\n", prompt);
        var de = EqPromptBuilder.RemoveRevisionInstructions("xyz", EqLanguage.De);
        Assert.Equal("xyGeben Sie jeder dieser möglichen Emotionen eine Punktzahl von 0-10 für die relative Intensität, die sie wahrscheinlich fühlen werden.\nz\nIhre Antwort:\n", de);
    }

    [Fact]
    public void Revise_mode_sends_the_prompt_unchanged()
    {
        var q = new EqQuestion("1", "anything at all", EqTestData.V1Reference, EqTestData.Fullscale);
        Assert.Equal("anything at all", EqPromptBuilder.Build(q, EqLanguage.En, revise: true));
    }
}
