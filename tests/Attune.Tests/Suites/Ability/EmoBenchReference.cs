using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Attune.Tests.Suites.Ability;

/// <summary>
/// What the EmoBench reference code sends, as digests: SHA-256 over <c>task \0 qid \0 system \0 user \n</c> for every
/// item, EU then EA, in file order, computed by running the reference's own message construction (PyYAML +
/// str.format) over ../shared/data/emobench with tools/reference-vectors/emobench_digests.py. Equal digests mean every
/// system and user message is byte-identical to what the reference sends.
/// </summary>
public static class EmoBenchReference
{
    /// <summary>English, no chain of thought, a non-Qwen model.</summary>
    public const string English = "0f6d2e115ce4b96e1037c8a2e94410ffadc57d0163671823e5b34f3d942948bd";

    /// <summary>Chinese, no chain of thought.</summary>
    public const string Chinese = "bc4bc4e4cab64886e49b50b4a60270853e3cd65257dc355e76009040ea500dd8";

    /// <summary>English with chain of thought.</summary>
    public const string EnglishCot = "257adf3317415bd1bf025e19acdf1330cc12b1194c56199d295b3ee92f1bbbb4";

    /// <summary>Chinese with chain of thought.</summary>
    public const string ChineseCot = "7dd34ec42e7215bee94e3c170f15c29cb085b7fa103a051f008c862af67b4e8e";

    /// <summary>English, no chain of thought, a Qwen model (the system message starts with /no_think).</summary>
    public const string EnglishNoThink = "3a371a33aa8dcee1042777e626f7408b458b771645bb8edd8618293bf1e2db81";

    /// <summary>The digest of messages given in the reference's order.</summary>
    public static string Digest(IEnumerable<(string Task, string Qid, string System, string User)> messages)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (task, qid, system, user) in messages) hash.AppendData(Encoding.UTF8.GetBytes($"{task}\0{qid}\0{system}\0{user}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>An EmoBench item as its file states it (read here, never through Attune).</summary>
    /// <param name="Task">EU or EA.</param>
    /// <param name="Qid">The item id.</param>
    /// <param name="Scenario">The scenario.</param>
    /// <param name="Subject">The person asked about.</param>
    /// <param name="Choices">EU emotion choices then cause choices; EA choices.</param>
    /// <param name="Letter">The right letter (EU: of the emotion).</param>
    /// <param name="CauseLetter">EU: the right cause letter; EA: empty.</param>
    /// <param name="Category">EU coarse_category or EA category.</param>
    public sealed record Item(string Task, string Qid, string Scenario, string Subject, IReadOnlyList<string> Choices, string Letter, string CauseLetter, string Category);

    /// <summary>The items of a language in the reference's order (EU.jsonl then EA.jsonl, file order).</summary>
    public static IReadOnlyList<Item> Items(string dir, string language)
    {
        var items = new List<Item>();
        foreach (var task in new[] { "EU", "EA" })
        {
            foreach (var line in File.ReadLines(Path.Combine(dir, task + ".jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.GetProperty("language").GetString() != language) continue;
                List<string> List(string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];
                string Letter(string choices, string label) => ((char)('A' + List(choices).IndexOf(e.GetProperty(label).GetString()!))).ToString();
                items.Add(task == "EU"
                    ? new Item(task, e.GetProperty("qid").ToString(), e.GetProperty("scenario").GetString()!, e.GetProperty("subject").GetString()!,
                        [.. List("emotion_choices"), .. List("cause_choices")], Letter("emotion_choices", "emotion_label"), Letter("cause_choices", "cause_label"), e.GetProperty("coarse_category").GetString()!)
                    : new Item(task, e.GetProperty("qid").ToString(), e.GetProperty("scenario").GetString()!, e.GetProperty("subject").GetString()!,
                        List("choices"), Letter("choices", "label"), "", e.GetProperty("category").GetString()!));
            }
        }
        return items;
    }

    /// <summary>
    /// The one item whose scenario, subject and every choice appear in a user message (unique for every EmoBench item in
    /// both languages, as tools/reference-vectors/README.md notes); throws when none or several do.
    /// </summary>
    public static Item Identify(IReadOnlyList<Item> items, string user)
    {
        var matches = items.Where(i => user.Contains(i.Scenario, StringComparison.Ordinal) && user.Contains(i.Subject, StringComparison.Ordinal)
            && i.Choices.All(c => user.Contains(c, StringComparison.Ordinal))).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"{matches.Count} EmoBench items match the user message: {user[..Math.Min(80, user.Length)]}…");
    }
}
