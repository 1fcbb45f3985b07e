using Attune.Chat;

namespace Attune.Suites;

/// <summary>A trial's answers in the order the trial asked for them (every role); what scoring reads.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Turns">The answers, in order.</param>
public sealed record Transcript(string TrialId, IReadOnlyList<Turn> Turns)
{
    /// <summary>The texts one role answered, in order.</summary>
    public IReadOnlyList<string> Texts(ModelRole role = ModelRole.Subject)
    {
        var list = new List<string>(Turns.Count);
        foreach (var t in Turns)
        {
            if (t.Role == role) list.Add(t.Text);
        }
        return list;
    }
}
