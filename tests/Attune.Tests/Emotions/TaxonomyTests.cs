using System.Text.Json;
using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class TaxonomyTests
{
    [Fact]
    public void GoEmotions_has_28_labels_in_label_id_order()
    {
        Assert.Equal("goemotions", Taxonomy.GoEmotions.Name);
        Assert.Equal(28, Taxonomy.GoEmotions.Count);
        Assert.Equal("admiration", Taxonomy.GoEmotions.Labels[0]);
        Assert.Equal("gratitude", Taxonomy.GoEmotions.Labels[15]);
        Assert.Equal("neutral", Taxonomy.GoEmotions.Labels[27]);
        Assert.All(Taxonomy.GoEmotions.Descriptions, d => Assert.False(string.IsNullOrWhiteSpace(d)));
    }

    [Fact]
    public void Ekman_has_six_basic_emotions_and_neutral()
    {
        Assert.Equal(["anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"], Taxonomy.Ekman.Labels);
    }

    [Fact]
    public void EmoNet_has_40_categories_with_own_descriptions()
    {
        Assert.Equal(40, Taxonomy.EmoNet.Count);
        Assert.Equal(40, Taxonomy.EmoNet.Labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Jealousy & Envy", Taxonomy.EmoNet.Labels);
        Assert.Contains("Intoxication/Altered States of Consciousness", Taxonomy.EmoNet.Labels);
        Assert.All(Taxonomy.EmoNet.Descriptions, d => Assert.False(string.IsNullOrWhiteSpace(d)));
    }

    [SharedFact]
    public void GoEmotions_labels_match_the_dataset_file()
    {
        string path = SharedData.Path_("data", "goemotions", "emotions.txt");
        string[] names = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        Assert.Equal(names, Taxonomy.GoEmotions.Labels);
    }

    [SharedFact]
    public void EmoNet_labels_match_the_guide_category_names()
    {
        string path = SharedData.Path_("data", "emonet-taxonomy", "guide.json");
        using JsonDocument guide = JsonDocument.Parse(File.ReadAllText(path));
        string[] names = guide.RootElement.GetProperty("options").GetProperty("labels").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(names, Taxonomy.EmoNet.Labels);
    }

    [Theory]
    [InlineData("goemotions", 28)]
    [InlineData("GoEmotions", 28)]
    [InlineData(" ekman ", 7)]
    [InlineData("EMONET", 40)]
    public void Parse_accepts_known_names_case_insensitively(string name, int count)
    {
        Assert.Equal(count, Taxonomy.Parse(name).Count);
    }

    [Fact]
    public void Parse_returns_the_shared_instances()
    {
        Assert.Same(Taxonomy.GoEmotions, Taxonomy.Parse("goemotions"));
        Assert.Same(Taxonomy.Ekman, Taxonomy.Parse("ekman"));
        Assert.Same(Taxonomy.EmoNet, Taxonomy.Parse("emonet"));
    }

    [Theory]
    [InlineData("plutchik")]
    [InlineData("")]
    public void Parse_rejects_unknown_names_listing_the_valid_ones(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Taxonomy.Parse(name));
        Assert.Contains("goemotions", e.Message, StringComparison.Ordinal);
        Assert.Contains("ekman", e.Message, StringComparison.Ordinal);
        Assert.Contains("emonet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexOf_and_Contains_are_ordinal()
    {
        Assert.Equal(15, Taxonomy.GoEmotions.IndexOf("gratitude"));
        Assert.Equal(-1, Taxonomy.GoEmotions.IndexOf("Gratitude"));
        Assert.True(Taxonomy.Ekman.Contains("joy"));
        Assert.False(Taxonomy.Ekman.Contains("love"));
    }

    [Fact]
    public void GetDescription_returns_the_label_description_or_throws_for_unknown_labels()
    {
        Assert.False(string.IsNullOrWhiteSpace(Taxonomy.GoEmotions.GetDescription("relief")));
        Assert.Throws<ArgumentException>(() => Taxonomy.GoEmotions.GetDescription("boredom"));
    }

    [Fact]
    public void Constructor_rejects_empty_duplicate_and_mismatched_input()
    {
        Assert.Throws<ArgumentException>(() => new Taxonomy("x", []));
        Assert.Throws<ArgumentException>(() => new Taxonomy("x", ["a", "a"]));
        Assert.Throws<ArgumentException>(() => new Taxonomy("x", ["a", " "]));
        Assert.Throws<ArgumentException>(() => new Taxonomy("x", ["a", "b"], ["only one"]));
        Assert.Throws<ArgumentException>(() => new Taxonomy(" ", ["a"]));
    }

    [Fact]
    public void Custom_taxonomy_without_descriptions_has_null_descriptions()
    {
        var taxonomy = new Taxonomy("mine", ["calm", "tense"]);
        Assert.Equal(2, taxonomy.Count);
        Assert.All(taxonomy.Descriptions, Assert.Null);
        Assert.Equal("mine (2 labels)", taxonomy.ToString());
    }

    [Fact]
    public void Equality_is_by_name_and_labels()
    {
        Assert.Equal(new Taxonomy("t", ["a", "b"]), new Taxonomy("t", ["a", "b"], ["x", "y"]));
        Assert.NotEqual(new Taxonomy("t", ["a", "b"]), new Taxonomy("t", ["b", "a"]));
        Assert.NotEqual(Taxonomy.Ekman, Taxonomy.GoEmotions);
    }
}
