using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Attune.Suites.Ability;

/// <summary>
/// Ability items in EmoBench's JSONL schema (<c>EU.jsonl</c>, <c>EA.jsonl</c>) with the prompt wording of their set
/// (<c>prompts.yaml</c>, <c>response.yaml</c>). Reads an EmoBench checkout (<c>data/</c> + <c>src/configs/</c>), a
/// flat folder (<c>EU.jsonl</c>, <c>EA.jsonl</c>, <c>configs/</c>), or Attune's own embedded set.
/// </summary>
public sealed class AbilityItemSet
{
    /// <summary>The name of Attune's own set.</summary>
    public const string BuiltInName = "builtin:attune-ability";

    private AbilityItemSet(string source, IReadOnlyList<AbilityItem> items, AbilityPrompts prompts, string hash, bool builtIn)
    {
        Source = source;
        Items = items;
        Prompts = prompts;
        Hash = hash;
        IsBuiltIn = builtIn;
    }

    /// <summary>Folder or built-in name.</summary>
    public string Source { get; }

    /// <summary>Every item, EU then EA, in file order (all languages).</summary>
    public IReadOnlyList<AbilityItem> Items { get; }

    /// <summary>The set's prompt wording.</summary>
    public AbilityPrompts Prompts { get; }

    /// <summary>SHA-256 over the item and prompt files.</summary>
    public string Hash { get; }

    /// <summary>True for Attune's own items (no human norms exist for them).</summary>
    public bool IsBuiltIn { get; }

    /// <summary>Languages present.</summary>
    public IReadOnlyList<string> Languages => Items.Select(i => i.Language).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Loads a folder in either layout. Missing files or bad lines are <see cref="InputException"/>s naming the file and line.</summary>
    public static AbilityItemSet Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new InputException($"{dir}: folder not found (give an EmoBench checkout or a folder with EU.jsonl, EA.jsonl and configs/)");
        string dataDir = File.Exists(Path.Combine(dir, "EU.jsonl")) || File.Exists(Path.Combine(dir, "EA.jsonl")) ? dir : Path.Combine(dir, "data");
        string configDir = Directory.Exists(Path.Combine(dir, "configs")) ? Path.Combine(dir, "configs") : Path.Combine(dir, "src", "configs");
        var eu = Path.Combine(dataDir, "EU.jsonl");
        var ea = Path.Combine(dataDir, "EA.jsonl");
        var prompts = Path.Combine(configDir, "prompts.yaml");
        var response = Path.Combine(configDir, "response.yaml");
        foreach (var f in new[] { eu, ea, prompts, response })
        {
            if (!File.Exists(f)) throw new InputException($"{f}: not found (an ability folder needs EU.jsonl, EA.jsonl, configs/prompts.yaml and configs/response.yaml)");
        }
        return Build(dir, [(eu, File.ReadAllText(eu)), (ea, File.ReadAllText(ea))], (prompts, File.ReadAllText(prompts)), (response, File.ReadAllText(response)), builtIn: false);
    }

    /// <summary>Attune's own ability test, embedded in the library.</summary>
    public static AbilityItemSet LoadBuiltIn()
    {
        string Read(string name)
        {
            using var s = typeof(AbilityItemSet).Assembly.GetManifestResourceStream("Attune.Data.ability." + name)
                ?? throw new InvalidOperationException($"embedded resource Attune.Data.ability.{name} is missing");
            using var r = new StreamReader(s, Encoding.UTF8);
            return r.ReadToEnd();
        }
        return Build(BuiltInName, [("EU.jsonl", Read("EU.jsonl")), ("EA.jsonl", Read("EA.jsonl"))], ("prompts.yaml", Read("prompts.yaml")), ("response.yaml", Read("response.yaml")), builtIn: true);
    }

    private static AbilityItemSet Build(string source, (string Name, string Text)[] itemFiles, (string Name, string Text) prompts, (string Name, string Text) response, bool builtIn)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var items = new List<AbilityItem>();
        foreach (var (name, text) in itemFiles)
        {
            var task = Path.GetFileName(name).StartsWith("EU", StringComparison.Ordinal) ? AbilityTask.EU : AbilityTask.EA;
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            items.AddRange(ReadItems(name, text, task));
        }
        hash.AppendData(Encoding.UTF8.GetBytes(prompts.Text));
        hash.AppendData(Encoding.UTF8.GetBytes(response.Text));
        if (items.Count == 0) throw new InputException($"{source}: no items");
        var parsed = AbilityPrompts.Parse(prompts.Text, prompts.Name, response.Text, response.Name);
        return new AbilityItemSet(source, items, parsed, Convert.ToHexStringLower(hash.GetHashAndReset()), builtIn);
    }

    private static IEnumerable<AbilityItem> ReadItems(string file, string text, AbilityTask task)
    {
        var lines = text.Split('\n');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var where = $"{file}:{i + 1}";
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException)
            {
                throw new InputException($"{where}: not a valid JSON object (broken or truncated line)");
            }
            using (doc)
            {
                var item = ReadItem(doc.RootElement, task, where);
                if (!seen.Add(item.Language + "/" + item.Qid)) throw new InputException($"{where}: qid \"{item.Qid}\" ({item.Language}) appears twice");
                yield return item;
            }
        }
    }

    private static AbilityItem ReadItem(JsonElement e, AbilityTask task, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: expected a JSON object");
        string Str(string field, bool required = true)
        {
            if (e.TryGetProperty(field, out var v))
            {
                if (v.ValueKind == JsonValueKind.String) return v.GetString()!;
                if (v.ValueKind == JsonValueKind.Number) return v.GetRawText();
            }
            if (required) throw new InputException($"{where}: missing string field \"{field}\"");
            return "";
        }
        List<string> List(string field, bool required = true)
        {
            if (!e.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.Array)
            {
                if (!required) return [];
                throw new InputException($"{where}: missing list field \"{field}\"");
            }
            var list = v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new InputException($"{where}: \"{field}\" must hold strings")).ToList();
            if (list.Count == 0 && !required) return list;
            if (list.Count is < 2 or > 26) throw new InputException($"{where}: \"{field}\" needs 2 to 26 choices");
            if (list.Distinct(StringComparer.Ordinal).Count() != list.Count) throw new InputException($"{where}: \"{field}\" has duplicate choices");
            return list;
        }
        int IndexOf(List<string> choices, string label, string field)
        {
            int idx = choices.IndexOf(label);
            if (idx < 0) throw new InputException($"{where}: \"{field}\" is not one of the choices");
            return idx;
        }
        var qid = Str("qid");
        var lang = Str("language");
        var scenario = Str("scenario");
        var subject = Str("subject");
        if (task == AbilityTask.EU)
        {
            var emotions = List("emotion_choices");
            var causes = List("cause_choices", required: false);
            int causeIdx = causes.Count > 0 ? IndexOf(causes, Str("cause_label"), "cause_label") : -1;
            return new AbilityItem(task, qid, lang, Str("coarse_category"), Str("finegrained_category", required: false), null, scenario, subject,
                emotions, IndexOf(emotions, Str("emotion_label"), "emotion_label"), causes, causeIdx);
        }
        var choices = List("choices");
        return new AbilityItem(task, qid, lang, Str("category"), null, Str("question type"), scenario, subject, choices, IndexOf(choices, Str("label"), "label"), [], -1);
    }
}
