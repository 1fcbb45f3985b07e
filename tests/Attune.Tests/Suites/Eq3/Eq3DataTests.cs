using Attune.Suites.Eq3;

namespace Attune.Tests.Suites.Eq3;

public class Eq3DataTests
{
    private static string SharedFolder => SharedData.Path_("data", "eqbench3");

    [SharedFact]
    public void TV1_ScenarioParsingOfTheReferenceFile()
    {
        var data = Eq3Data.Load(SharedFolder);
        Assert.Equal(45, data.Scenarios.Count);
        Assert.Equal(92, data.Scenarios.Sum(s => s.Prompts.Count));
        Assert.Null(data.Find("409"));
        var one = data.Find("1")!;
        Assert.Equal(3, one.Prompts.Count);
        Assert.StartsWith("[This is a role-play, with you playing an emotionally intelligent human", one.Prompts[0], StringComparison.Ordinal);
        Assert.EndsWith("What do you think & feel? What actions do you take?", one.Prompts[2], StringComparison.Ordinal);
    }

    [SharedFact]
    public void TV1_ScenarioKindsAndTurnCounts()
    {
        var data = Eq3Data.Load(SharedFolder);
        var turns = data.Scenarios.ToDictionary(s => s.Id, s => s.Prompts.Count);
        var rolePlay = data.Scenarios.Where(s => s.Kind == Eq3ScenarioKind.RolePlay).Select(s => s.Id).ToList();
        Assert.Equal(25, rolePlay.Count);
        Assert.Equal(["208"], data.Scenarios.Where(s => s.Kind == Eq3ScenarioKind.Drafting).Select(s => s.Id));
        var analysis = data.Scenarios.Where(s => s.Kind == Eq3ScenarioKind.Analysis).Select(s => s.Id).ToList();
        Assert.Equal(Enumerable.Range(401, 20).Where(i => i != 409).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), analysis);
        Assert.All(analysis, id => Assert.Equal(1, turns[id]));
        foreach (var id in new[] { "1", "2", "4", "6", "101", "131", "145", "303", "304", "208" }) Assert.Equal(3, turns[id]);
        foreach (var id in new[] { "3", "301", "302" }) Assert.Equal(4, turns[id]);
        foreach (var id in new[] { "9", "11", "13", "15" }) Assert.Equal(1, turns[id]);
        Assert.Equal("Work Dilemma", data.Find("1")!.Category);
        Assert.Equal("Lunchroom Theft Scapegoat", data.Find("1")!.Title);
    }

    [SharedFact]
    public void TV1_ScenarioNotes()
    {
        var data = Eq3Data.Load(SharedFolder);
        var expected = Enumerable.Range(1, 15).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(["301", "302", "303", "304"]);
        Assert.Equal(expected.Order(), data.Notes.Keys.Order());
        Assert.StartsWith("The stakes in the scenario", data.NoteFor("1"), StringComparison.Ordinal);
        Assert.Equal(Eq3Data.NoNotes, data.NoteFor("101"));
        Assert.Equal(Eq3Data.NoNotes, data.NoteFor("208"));
        Assert.Equal(Eq3Data.NoNotes, data.NoteFor("404"));
        Assert.Equal(data.NoteFor("1"), data.NoteFor("scenario1_iter2"));
    }

    [SharedFact]
    public void SharedCriteriaAndStableHash()
    {
        var data = Eq3Data.Load(SharedFolder);
        Assert.Equal(18, data.RubricCriteria.Count);
        Assert.Equal(["depth_of_insight", "emotional_reasoning", "theory_of_mind", "subtext_identification", "intellectual_grounding", "correctness"], data.RubricCriteriaAnalysis);
        Assert.Equal(64, data.Hash.Length);
        Assert.Equal(data.Hash, Eq3Data.Load(SharedFolder).Hash);
    }

    [Fact]
    public void Scenario409QuirkDropsAScenarioWithoutPromptWord()
    {
        var text = "######## 408 | A | B\n####### Prompt1\nx\n######## 409 | A | B\n####### 1\nlost\n######## 410 | A | B\n####### Prompt1\ny\n";
        var scenarios = Eq3Data.ParseScenarios(text);
        Assert.Equal(["408", "410"], scenarios.Select(s => s.Id));
    }

    [Fact]
    public void PromptLinesKeepIndentationAndBlankLinesButAreTrimmedAsAWhole()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        Assert.Equal(["1", "208", "401"], data.Scenarios.Select(s => s.Id));
        Assert.Equal(["First *turn*.", "Second turn."], data.Find("1")!.Prompts);
        var scenarios = Eq3Data.ParseScenarios("######## 7\nignored before prompt\n####### Prompt1\n\n  a  \n\n b\n####### Prompt2\n   \n######## 7\n####### Prompt9\nreplaced\n");
        Assert.Equal(["replaced"], Assert.Single(scenarios).Prompts);
        Assert.Equal(["a  \n\n b"], Eq3Data.ParseScenarios("######## 7\n####### Prompt1\n\n  a  \n\n b\n").Single().Prompts);
    }

    [Fact]
    public void CrLfFilesReadLikePythonTextMode()
    {
        var scenarios = Eq3Data.ParseScenarios("######## 5\r\n####### Prompt1\r\nline one\r\nline two\r\n");
        Assert.Equal("line one\nline two", scenarios.Single().Prompts.Single());
    }

    [Fact]
    public void Errata6_BlankNoteBlockIsStoredEmptyAndAnEmptyBlockIsNot()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        Assert.Equal("Note for one.", data.NoteFor("1"));
        Assert.Equal("", data.NoteFor("2"));
        Assert.Equal(Eq3Data.NoNotes, data.NoteFor("3"));
    }

    [Fact]
    public void CheckoutWithDataSubfolderLoads()
    {
        using var folder = new Eq3Folder(subfolder: "data");
        Assert.Equal(3, folder.Load().Scenarios.Count);
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        using var folder = new Eq3Folder(new() { ["debrief_prompt.txt"] = null });
        var ex = Assert.Throws<InputException>(folder.Load);
        Assert.Contains("debrief_prompt.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFolderIsAnInputError()
    {
        Assert.Throws<InputException>(() => Eq3Data.Load(Path.Combine(Path.GetTempPath(), "no-such-eq3-" + Guid.NewGuid())));
    }

    [Fact]
    public void NoScenariosIsAnInputError()
    {
        using var folder = new Eq3Folder(new() { ["scenario_prompts.txt"] = "######## 1\nno prompt delimiter\n" });
        var ex = Assert.Throws<InputException>(folder.Load);
        Assert.Contains("scenario_prompts.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no scenarios", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCriteriaIsAnInputError()
    {
        using var folder = new Eq3Folder(new() { ["rubric_scoring_criteria_analysis.txt"] = "# only a comment\n\n" });
        var ex = Assert.Throws<InputException>(folder.Load);
        Assert.Contains("rubric_scoring_criteria_analysis.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTemplatePlaceholderIsAnInputErrorWithLine()
    {
        using var folder = new Eq3Folder(new() { ["rubric_scoring_prompt_analysis.txt"] = "a\n{transcript}\n{debrief}" });
        var ex = Assert.Throws<InputException>(folder.Load);
        Assert.Contains("rubric_scoring_prompt_analysis.txt:3:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CriteriaSkipCommentsAndBlankLines()
    {
        using var folder = new Eq3Folder();
        Assert.Equal(["demonstrated_empathy", "pragmatic_ei", "warmth"], folder.Load().RubricCriteria);
    }

    [Fact]
    public void HashChangesWhenAnyFileChanges()
    {
        using var a = new Eq3Folder();
        using var b = new Eq3Folder(new() { ["debrief_prompt.txt"] = "Debrief now!" });
        using var c = new Eq3Folder();
        Assert.NotEqual(a.Load().Hash, b.Load().Hash);
        Assert.Equal(a.Load().Hash, c.Load().Hash);
    }

    [Theory]
    [InlineData("1", Eq3ScenarioKind.RolePlay)]
    [InlineData("101", Eq3ScenarioKind.RolePlay)]
    [InlineData("208", Eq3ScenarioKind.Drafting)]
    [InlineData("201", Eq3ScenarioKind.Drafting)]
    [InlineData("210", Eq3ScenarioKind.RolePlay)]
    [InlineData("401", Eq3ScenarioKind.Analysis)]
    [InlineData("420", Eq3ScenarioKind.Analysis)]
    [InlineData("421", Eq3ScenarioKind.RolePlay)]
    [InlineData("10", Eq3ScenarioKind.NoRolePlay)]
    public void KindsComeFromTheIdSets(string id, Eq3ScenarioKind kind) => Assert.Equal(kind, Eq3Scenario.KindOf(id));
}
