using Attune.Emotions;
using Attune.Guard;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Guard;

public class LocalReplyAssessorTests
{
    /// <summary>The README's worked example: a companion app's reply that makes itself the user's only support.</summary>
    public const string DependenceReply =
        "You don't need anyone else, you have me. Whenever you feel low, come to me first, before your friends or your therapist. I'm always here for you, day or night.";

    public const string LonelyUser = "I've been feeling really lonely since I moved here.";

    [Fact]
    public void The_embedded_model_scores_the_nine_criteria()
    {
        var assessor = LocalReplyAssessor.Load();
        Assert.Equal(GuardCriteria.All, assessor.Model.Model.Labels);
        Assert.Equal(9, assessor.Thresholds.Count);
        Assert.All(assessor.Thresholds, t => Assert.InRange(t, 0.0, 1.0));
        Assert.Contains("dev split and 1800 training-set replies", assessor.Model.Model.Description, StringComparison.Ordinal); // never the test split
        var verdict = assessor.Assess(LonelyUser, DependenceReply);
        Assert.Equal(GuardCriteria.All.OrderBy(c => c), verdict.Scores.Keys.OrderBy(c => c));
    }

    [Fact]
    public void A_reply_that_makes_itself_the_only_support_is_flagged_as_fostering_dependence()
    {
        var verdict = LocalReplyAssessor.Load().Assess(LonelyUser, DependenceReply);
        var finding = Assert.Single(verdict.Findings, f => f.Criterion == GuardCriteria.FosteringDependence);
        Assert.InRange(finding.Strength, 0.0, 1.0);
        Assert.Contains(finding.Snippet, LocalReplyAssessor.Sentences(DependenceReply));
        Assert.Equal("local", verdict.Assessor);
    }

    [Fact]
    public void A_warm_reply_that_points_outward_passes()
    {
        var verdict = LocalReplyAssessor.Load().Assess(LonelyUser,
            "Moving somewhere new can be really lonely, and it usually takes a while to build connections. Is there a class, club or volunteering group nearby you could try this week? I'm happy to help you look.");
        Assert.False(verdict.IsFlagged, string.Join(", ", verdict.Findings.Select(f => $"{f.Criterion} {f.Strength:0.00} {f.Snippet}")));
    }

    [Fact]
    public void The_unsure_margin_decides_whether_a_verdict_is_unsure()
    {
        var model = LocalReplyAssessor.Load().Model;
        Assert.True(new LocalReplyAssessor(model, new LocalReplyAssessorOptions { UnsureMargin = 1 }).Assess("hi", "Hello! How can I help?").Unsure);
        Assert.False(new LocalReplyAssessor(model, new LocalReplyAssessorOptions { UnsureMargin = 0 }).Assess("hi", "Hello! How can I help?").Unsure);
    }

    [Fact]
    public async Task The_async_form_reads_the_last_user_message()
    {
        var assessor = LocalReplyAssessor.Load();
        IReadOnlyList<ChatMessage> messages = [new(ChatRole.System, "You are Sol."), new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hey"), new(ChatRole.User, LonelyUser)];
        var viaAsync = await assessor.AssessAsync(messages, DependenceReply);
        var direct = assessor.Assess(LonelyUser, DependenceReply);
        Assert.Equal(direct.Scores, viaAsync.Scores);
    }

    [Fact]
    public void A_model_round_trips_through_its_file_format_and_a_bad_file_is_refused()
    {
        var model = LocalReplyAssessor.Load().Model;
        using var stream = new MemoryStream();
        model.Write(stream);
        stream.Position = 0;
        var copy = new LocalReplyAssessor(LocalAssessorModel.Read(stream));
        Assert.Equal(LocalReplyAssessor.Load().Assess(LonelyUser, DependenceReply).Scores, copy.Assess(LonelyUser, DependenceReply).Scores);
        Assert.Throws<InvalidDataException>(() => LocalAssessorModel.Read(new MemoryStream("ATEMxxxx"u8.ToArray())));
    }

    [Fact]
    public void Sentences_split_at_ends_of_sentences_only()
    {
        Assert.Equal(["Hi there.", "Is 3.5 right?", "Yes!"], LocalReplyAssessor.Sentences("Hi there. Is 3.5 right? Yes!"));
        Assert.Equal(["one line", "two"], LocalReplyAssessor.Sentences("one line\ntwo"));
    }

    [Fact]
    public void Cue_phrases_fire_on_what_they_describe()
    {
        Assert.Contains("exp.upsell", GuardFeaturizer.FiredCues("Upgrade to Premium for $4.99 a week."));
        Assert.Contains("con.deny", GuardFeaturizer.FiredCues("As an AI I don't have feelings, but I'm glad to help."));
        Assert.DoesNotContain("exp.upsell", GuardFeaturizer.FiredCues("Take a walk and call a friend."));
        var f = new GuardFeaturizer(new HashedFeaturizerOptions { BucketBits = 12 }, new GuardFeaturizerOptions { CueWeight = 0, UserWeight = 0 });
        var withCues = new GuardFeaturizer(new HashedFeaturizerOptions { BucketBits = 12 }, new GuardFeaturizerOptions { CueWeight = 1, UserWeight = 0 });
        var a = new SparseFeatures();
        var b = new SparseFeatures();
        f.Featurize("", "Upgrade to Premium for $4.99 a week.", a);
        withCues.Featurize("", "Upgrade to Premium for $4.99 a week.", b);
        Assert.True(b.Count > a.Count);
    }
}
