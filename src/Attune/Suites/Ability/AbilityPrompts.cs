using YamlDotNet.Serialization;

namespace Attune.Suites.Ability;

/// <summary>
/// The prompt wording of an ability item set, read at run time from its <c>prompts.yaml</c> and <c>response.yaml</c>
/// (EmoBench's files for EmoBench, Attune's own for Attune's items), and the exact messages built from them as the
/// EmoBench reference builds them.
/// </summary>
public sealed class AbilityPrompts
{
    private readonly Dictionary<string, Dictionary<string, string>> _prompts;
    private readonly Dictionary<string, Dictionary<string, string>> _response;

    private AbilityPrompts(Dictionary<string, Dictionary<string, string>> prompts, Dictionary<string, Dictionary<string, string>> response)
    {
        _prompts = prompts;
        _response = response;
    }

    /// <summary>Parses the two YAML documents; <paramref name="promptsName"/> and <paramref name="responseName"/> name them in errors.</summary>
    public static AbilityPrompts Parse(string promptsYaml, string promptsName, string responseYaml, string responseName)
        => new(ReadYaml(promptsYaml, promptsName), ReadYaml(responseYaml, responseName));

    private static Dictionary<string, Dictionary<string, string>> ReadYaml(string text, string name)
    {
        try
        {
            var data = new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, string>>?>(text);
            return data ?? throw new InputException($"{name}: empty YAML file");
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new InputException($"{name}: not valid YAML at line {ex.Start.Line}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private string Get(Dictionary<string, Dictionary<string, string>> doc, string file, string key, string lang)
    {
        if (!doc.TryGetValue(key, out var byLang)) throw new InputException($"{file}: missing key \"{key}\"");
        if (!byLang.TryGetValue(lang, out var value)) throw new InputException($"{file}: missing \"{key}.{lang}\" (language {lang} is not in this file)");
        return value;
    }

    /// <summary>Checks that every key a run needs exists for a task and language.</summary>
    public void Validate(AbilityTask task, string lang, bool cot)
    {
        _ = SystemMessage(task, lang, cot, noThink: false);
        _ = Get(_prompts, "prompts.yaml", task.ToString(), lang);
    }

    /// <summary>
    /// The system message: <c>sys.&lt;lang&gt;</c> followed by the response-format block; prefixed with
    /// <c>/no_think</c> for Qwen models without chain of thought, as the reference does.
    /// </summary>
    public string SystemMessage(AbilityTask task, string lang, bool cot, bool noThink)
    {
        var statement = Get(_response, "response.yaml", cot ? "cot" : "base", lang);
        var conditions = Get(_response, "response.yaml", task.ToString(), lang);
        if (cot) conditions = Get(_response, "response.yaml", "reasoning", lang) + ",\n" + conditions;
        var format = "\n" + statement + "\n```json\n    {\n    " + conditions + "\n    }\n``` \n    ";
        var system = Get(_prompts, "prompts.yaml", "sys", lang) + format;
        if (noThink && !cot) system = "/no_think\n\n" + system;
        return system;
    }

    /// <summary>The reference's rule: the model name (last path segment, dots as underscores) contains "qwen".</summary>
    public static bool NeedsNoThink(string modelName)
        => modelName.Split('/')[^1].Replace('.', '_').Contains("qwen", StringComparison.OrdinalIgnoreCase);

    /// <summary>The user message for an item: the task template with its fields filled in (Python <c>str.format</c> rules).</summary>
    public string UserMessage(AbilityItem item)
    {
        var template = Get(_prompts, "prompts.yaml", item.Task.ToString(), item.Language);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["scenario"] = item.Scenario,
            ["subject"] = item.Subject,
        };
        if (item.Task == AbilityTask.EU)
        {
            values["emo_choices"] = RankChoices(item.Choices);
            values["cause_choices"] = RankChoices(item.CauseChoices);
        }
        else
        {
            values["choices"] = RankChoices(item.Choices);
            values["q_type"] = item.QuestionType ?? "";
        }
        return Format(template, values, $"prompts.yaml {item.Task}.{item.Language}");
    }

    /// <summary>Choices one per line as <c>A) text</c>.</summary>
    public static string RankChoices(IReadOnlyList<string> choices)
        => string.Join("\n", choices.Select((c, i) => $"{AbilityItem.Letter(i)}) {c}"));

    /// <summary>Python's <c>str.format</c> with named fields only: <c>{{</c> and <c>}}</c> escape braces; an unknown field is an error.</summary>
    public static string Format(string template, IReadOnlyDictionary<string, string> values, string where)
    {
        var sb = new System.Text.StringBuilder(template.Length + 256);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    sb.Append('{');
                    i++;
                    continue;
                }
                int end = template.IndexOf('}', i + 1);
                if (end < 0) throw new InputException($"{where}: a '{{' without its '}}'");
                var name = template[(i + 1)..end];
                if (!values.TryGetValue(name, out var value)) throw new InputException($"{where}: unknown placeholder {{{name}}}");
                sb.Append(value);
                i = end;
            }
            else if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') i++;
                else throw new InputException($"{where}: a single '}}' (write '}}}}')");
                sb.Append('}');
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
