using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Attune.Text;

namespace Attune.Suites.Eq3;

/// <summary>
/// The EQ-Bench 3 data files of one folder: scenarios, scenario notes, prompt templates and rubric criteria, read the
/// way the reference harness reads them (<c>core/benchmark.py: parse_scenario_prompts</c>,
/// <c>core/elo_helpers.py: load_scenario_notes</c>), plus a hash that identifies the exact bytes.
/// </summary>
public sealed partial class Eq3Data
{
    /// <summary>The files a data folder must hold, in the order <see cref="Hash"/> reads them (ordinal by name).</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        "debrief_prompt.txt",
        "pairwise_prompt_eqbench3.txt",
        "pairwise_prompt_eqbench3_analysis.txt",
        "rubric_scoring_criteria.txt",
        "rubric_scoring_criteria_analysis.txt",
        "rubric_scoring_prompt.txt",
        "rubric_scoring_prompt_analysis.txt",
        "scenario_master_prompt.txt",
        "scenario_master_prompt_analysis.txt",
        "scenario_master_prompt_message_drafting.txt",
        "scenario_notes.txt",
        "scenario_prompts.txt",
    ];

    /// <summary>The note used when a scenario has none.</summary>
    public const string NoNotes = "[No scenario notes available]";

    private readonly Dictionary<string, Eq3Scenario> _byId;

    private Eq3Data(string folder, IReadOnlyList<Eq3Scenario> scenarios, IReadOnlyDictionary<string, string> notes, IReadOnlyDictionary<string, string> files, string hash)
    {
        Folder = folder;
        Scenarios = scenarios;
        Notes = notes;
        Hash = hash;
        _byId = scenarios.ToDictionary(s => s.Id, StringComparer.Ordinal);
        MasterPrompt = files["scenario_master_prompt.txt"];
        MasterPromptDrafting = files["scenario_master_prompt_message_drafting.txt"];
        MasterPromptAnalysis = files["scenario_master_prompt_analysis.txt"];
        DebriefPrompt = files["debrief_prompt.txt"];
        RubricPrompt = files["rubric_scoring_prompt.txt"];
        RubricPromptAnalysis = files["rubric_scoring_prompt_analysis.txt"];
        PairwisePrompt = files["pairwise_prompt_eqbench3.txt"];
        PairwisePromptAnalysis = files["pairwise_prompt_eqbench3_analysis.txt"];
        RubricCriteria = ParseCriteria(files["rubric_scoring_criteria.txt"]);
        RubricCriteriaAnalysis = ParseCriteria(files["rubric_scoring_criteria_analysis.txt"]);
    }

    /// <summary>The folder the files were read from.</summary>
    public string Folder { get; }

    /// <summary>The scenarios in file order (the reference file gives 45; scenario 409 is lost to its malformed delimiter).</summary>
    public IReadOnlyList<Eq3Scenario> Scenarios { get; }

    /// <summary>Scenario notes by id (used only by the pairwise judge).</summary>
    public IReadOnlyDictionary<string, string> Notes { get; }

    /// <summary>SHA-256 (lowercase hex) over, for each of <see cref="FileNames"/> in order, the UTF-8 name, a zero byte, the length as 8 bytes little-endian and the file's bytes.</summary>
    public string Hash { get; }

    /// <summary><c>scenario_master_prompt.txt</c>: wraps every role-play user turn (<c>{scenario_prompt}</c>).</summary>
    public string MasterPrompt { get; }

    /// <summary><c>scenario_master_prompt_message_drafting.txt</c>: wraps every drafting user turn.</summary>
    public string MasterPromptDrafting { get; }

    /// <summary><c>scenario_master_prompt_analysis.txt</c>: wraps the single analysis turn.</summary>
    public string MasterPromptAnalysis { get; }

    /// <summary><c>debrief_prompt.txt</c>, verbatim.</summary>
    public string DebriefPrompt { get; }

    /// <summary><c>rubric_scoring_prompt.txt</c> (<c>{transcript}</c>, <c>{debrief}</c>, <c>{output_format}</c>).</summary>
    public string RubricPrompt { get; }

    /// <summary><c>rubric_scoring_prompt_analysis.txt</c> (<c>{transcript}</c>, <c>{output_format}</c>).</summary>
    public string RubricPromptAnalysis { get; }

    /// <summary><c>pairwise_prompt_eqbench3.txt</c>.</summary>
    public string PairwisePrompt { get; }

    /// <summary><c>pairwise_prompt_eqbench3_analysis.txt</c>.</summary>
    public string PairwisePromptAnalysis { get; }

    /// <summary>The 18 standard rubric criteria, in file order.</summary>
    public IReadOnlyList<string> RubricCriteria { get; }

    /// <summary>The 6 analysis rubric criteria, in file order.</summary>
    public IReadOnlyList<string> RubricCriteriaAnalysis { get; }

    /// <summary>The scenario with this id, or null.</summary>
    /// <param name="id">Scenario id.</param>
    public Eq3Scenario? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// The note the pairwise judge gets for a scenario: looked up by the id with every <c>scenario</c> removed and
    /// anything from the first <c>_</c> dropped; <see cref="NoNotes"/> when there is none.
    /// </summary>
    /// <param name="scenarioId">Scenario id.</param>
    public string NoteFor(string scenarioId)
    {
        ArgumentNullException.ThrowIfNull(scenarioId);
        var key = scenarioId.Replace("scenario", "", StringComparison.Ordinal).Split('_')[0];
        return Notes.TryGetValue(key, out var note) ? note : NoNotes;
    }

    /// <summary>The master template for a kind, or null for <see cref="Eq3ScenarioKind.NoRolePlay"/> (bare prompts).</summary>
    /// <param name="kind">Scenario kind.</param>
    public string? MasterPromptFor(Eq3ScenarioKind kind) => kind switch
    {
        Eq3ScenarioKind.RolePlay => MasterPrompt,
        Eq3ScenarioKind.Drafting => MasterPromptDrafting,
        Eq3ScenarioKind.Analysis => MasterPromptAnalysis,
        _ => null,
    };

    /// <summary>
    /// Reads a data folder: <paramref name="folder"/> itself or, for a checkout of the reference repository, its
    /// <c>data/</c> subfolder. A missing file, a folder with no scenarios or a criteria file with no criteria is an
    /// <see cref="InputException"/> naming what is missing.
    /// </summary>
    /// <param name="folder">The folder given by the user.</param>
    public static Eq3Data Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new InputException($"{folder}: EQ-Bench 3 data folder not found");
        string dir = folder;
        if (!File.Exists(Path.Combine(dir, "scenario_prompts.txt")) && File.Exists(Path.Combine(dir, "data", "scenario_prompts.txt")))
            dir = Path.Combine(dir, "data");
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in FileNames)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) throw new InputException($"{path}: file not found (an EQ-Bench 3 data folder needs {name})");
            try
            {
                bytes[name] = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{path}: cannot read: {ex.Message}");
            }
        }
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        foreach (var (name, content) in bytes)
        {
            try
            {
                text[name] = PythonText.UniversalNewlines(strict.GetString(content));
            }
            catch (DecoderFallbackException)
            {
                throw new InputException($"{Path.Combine(dir, name)}: not valid UTF-8");
            }
        }

        string P(string name) => Path.Combine(dir, name);
        Eq3Template.Validate(text["scenario_master_prompt.txt"], P("scenario_master_prompt.txt"), "scenario_prompt");
        Eq3Template.Validate(text["scenario_master_prompt_message_drafting.txt"], P("scenario_master_prompt_message_drafting.txt"), "scenario_prompt");
        Eq3Template.Validate(text["scenario_master_prompt_analysis.txt"], P("scenario_master_prompt_analysis.txt"), "scenario_prompt");
        Eq3Template.Validate(text["rubric_scoring_prompt.txt"], P("rubric_scoring_prompt.txt"), "transcript", "debrief", "output_format");
        Eq3Template.Validate(text["rubric_scoring_prompt_analysis.txt"], P("rubric_scoring_prompt_analysis.txt"), "transcript", "output_format");

        var scenarios = ParseScenarios(text["scenario_prompts.txt"]);
        if (scenarios.Count == 0)
            throw new InputException($"{P("scenario_prompts.txt")}: no scenarios (expected '######## <id> | …' headers each followed by '####### Prompt1' and its text)");
        foreach (var criteria in new[] { "rubric_scoring_criteria.txt", "rubric_scoring_criteria_analysis.txt" })
        {
            if (ParseCriteria(text[criteria]).Count == 0)
                throw new InputException($"{P(criteria)}: no criteria (expected one criterion key per line)");
        }
        return new Eq3Data(dir, scenarios, ParseNotes(text["scenario_notes.txt"]), text, ComputeHash(bytes));
    }

    private static string ComputeHash(Dictionary<string, byte[]> bytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var name in FileNames)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name));
            sha.AppendData([0]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, bytes[name].LongLength);
            sha.AppendData(length);
            sha.AppendData(bytes[name]);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Criteria: every line that, trimmed, is non-empty and does not start with <c>#</c>.</summary>
    internal static List<string> ParseCriteria(string text) =>
        PythonText.FileLines(text).Select(PythonText.Strip).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    [GeneratedRegex(@"^########[" + PythonText.Space + @"]*([^" + PythonText.Space + @"]+)")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^#######[" + PythonText.Space + @"]*Prompt\p{Nd}+")]
    private static partial Regex PromptPattern();

    [GeneratedRegex(@"^kind:\s*(roleplay|role-play|drafting|analysis|no-roleplay)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex KindPattern();

    [GeneratedRegex(@"^#{8}[" + PythonText.Space + @"]*(\p{Nd}+)[" + PythonText.Space + @"]*\|[" + PythonText.Space + @"]*([^|]+?)[" + PythonText.Space + @"]*\|[" + PythonText.Space + @"]*(.+)$", RegexOptions.Singleline)]
    private static partial Regex ReportHeaderPattern();

    /// <summary>
    /// <c>parse_scenario_prompts</c>: an eight-<c>#</c> header opens a scenario (id = first non-space run after the hashes),
    /// a <c>####### PromptN</c> line opens a prompt, other lines inside a prompt are kept verbatim (minus the line end), a
    /// prompt is its lines joined by <c>\n</c> and trimmed (empty prompts dropped), and a scenario without prompts is not
    /// stored. A repeated id replaces the earlier scenario's prompts in its original position.
    /// </summary>
    internal static List<Eq3Scenario> ParseScenarios(string text)
    {
        var order = new List<string>();
        var stored = new Dictionary<string, Eq3Scenario>(StringComparer.Ordinal);
        string? currentId = null;
        string? category = null, title = null;
        Eq3ScenarioKind? declaredKind = null;
        var prompts = new List<string>();
        var lines = new List<string>();
        bool collecting = false;

        void ClosePrompt()
        {
            if (lines.Count == 0) return;
            var prompt = PythonText.Strip(string.Join("\n", lines));
            if (prompt.Length > 0) prompts.Add(prompt);
            lines.Clear();
        }

        void StoreScenario()
        {
            if (currentId is null || currentId.Length == 0 || prompts.Count == 0) return;
            if (!stored.ContainsKey(currentId)) order.Add(currentId);
            stored[currentId] = new Eq3Scenario(currentId, declaredKind ?? Eq3Scenario.KindOf(currentId), prompts.ToList(), category, title);
        }

        foreach (var raw in PythonText.FileLines(text))
        {
            var line = PythonText.Strip(raw);
            var header = HeaderPattern().Match(line);
            if (header.Success)
            {
                ClosePrompt();
                StoreScenario();
                currentId = header.Groups[1].Value;
                var report = ReportHeaderPattern().Match(line);
                category = report.Success ? report.Groups[2].Value : null;
                title = report.Success ? report.Groups[3].Value : null;
                prompts = [];
                collecting = false;
                declaredKind = null;
                continue;
            }
            // Attune's extension: "kind: roleplay|drafting|analysis" between a header and its first prompt (a line the
            // reference ignores) declares the kind, so item sets need no hard-coded id ranges.
            if (!collecting && currentId is not null && KindPattern().Match(line) is { Success: true } kindLine)
            {
                declaredKind = kindLine.Groups[1].Value.ToLowerInvariant() switch
                {
                    "roleplay" or "role-play" => Eq3ScenarioKind.RolePlay,
                    "drafting" => Eq3ScenarioKind.Drafting,
                    "analysis" => Eq3ScenarioKind.Analysis,
                    _ => Eq3ScenarioKind.NoRolePlay,
                };
                continue;
            }
            if (PromptPattern().IsMatch(line))
            {
                if (currentId is null) continue;
                ClosePrompt();
                lines.Clear();
                collecting = true;
                continue;
            }
            if (!string.IsNullOrEmpty(currentId) && collecting) lines.Add(raw.TrimEnd('\n', '\r'));
        }
        ClosePrompt();
        StoreScenario();
        return order.Select(id => stored[id]).ToList();
    }

    /// <summary>
    /// <c>load_scenario_notes</c>: a line starting with <c>"# "</c> opens a block whose id is the line without leading and
    /// trailing <c>#</c>, space and newline; the block's lines are joined with <c>\n</c> and trimmed. A block with no lines
    /// is not stored; a block of blank lines is stored as <c>""</c>.
    /// </summary>
    internal static Dictionary<string, string> ParseNotes(string text)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        string? currentId = null;
        var current = new List<string>();
        foreach (var line in PythonText.FileLines(text))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                if (currentId is not null && current.Count > 0)
                {
                    notes[currentId] = PythonText.Strip(string.Join("\n", current));
                    current = [];
                }
                currentId = PythonText.Strip(line, "# \n");
            }
            else if (currentId is not null)
            {
                current.Add(line.TrimEnd('\n'));
            }
        }
        if (currentId is not null && current.Count > 0) notes[currentId] = PythonText.Strip(string.Join("\n", current));
        return notes;
    }
}
