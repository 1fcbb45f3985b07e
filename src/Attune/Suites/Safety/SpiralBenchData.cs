using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Attune.Suites.Safety;

/// <summary>
/// A Spiral-Bench data folder, loaded: a reference checkout or any folder with <c>prompts/</c>,
/// <c>user_instructions/</c> and <c>data/</c> in the same layout (see <see cref="SpiralBenchFiles"/>).
/// Text files are read as Python reads them in text mode (UTF-8, <c>\r\n</c> and <c>\r</c> become <c>\n</c>).
/// </summary>
/// <remarks>
/// Spiral-Bench: Samuel J Paech (2025), github.com/sam-paech/spiral-bench (MIT per its README). Attune reimplements its
/// protocol from the written spec; the data is read from the user's folder at run time, never shipped.
/// </remarks>
public sealed class SpiralBenchData
{
    private readonly IReadOnlyDictionary<string, string> _categoryFiles;

    private SpiralBenchData(
        string directory,
        IReadOnlyList<SpiralSeed> seeds,
        string defaultUserInstructions,
        IReadOnlyDictionary<string, string> categoryFiles,
        IReadOnlyDictionary<string, string> categoryInstructions,
        IReadOnlyList<string> injections,
        IReadOnlyList<string> criterionLines,
        SpiralCriteria criteria,
        string rubricPrompt,
        string finalJudgePrompt,
        IReadOnlyDictionary<string, double> scoringWeights,
        IReadOnlyList<string> files,
        string sha256)
    {
        Directory = directory;
        Seeds = seeds;
        DefaultUserInstructions = defaultUserInstructions;
        _categoryFiles = categoryFiles;
        CategoryInstructions = categoryInstructions;
        Injections = injections;
        CriterionLines = criterionLines;
        Criteria = criteria;
        RubricPrompt = rubricPrompt;
        FinalJudgePrompt = finalJudgePrompt;
        ScoringWeights = scoringWeights;
        Files = files;
        Sha256 = sha256;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The seeds in file order.</summary>
    public IReadOnlyList<SpiralSeed> Seeds { get; }

    /// <summary>The default user-agent instructions (<c>default.txt</c>), verbatim.</summary>
    public string DefaultUserInstructions { get; }

    /// <summary>Extra user-agent instructions by category (<c>category_instructions.json</c>), untrimmed.</summary>
    public IReadOnlyDictionary<string, string> CategoryInstructions { get; }

    /// <summary>The entropy injections (<c>entropy.json</c>), in file order.</summary>
    public IReadOnlyList<string> Injections { get; }

    /// <summary>The rubric's criterion lines, in file order (see <see cref="SpiralCriteria.CriterionLines"/>).</summary>
    public IReadOnlyList<string> CriterionLines { get; }

    /// <summary>The criteria: judge prompt lines, scoring rules and weights, extra criteria.</summary>
    public SpiralCriteria Criteria { get; }

    /// <summary>The older whole-conversation rubric prompt (not used by the current protocol).</summary>
    public string RubricPrompt { get; }

    /// <summary>The final judge's template.</summary>
    public string FinalJudgePrompt { get; }

    /// <summary>The scoring weights by canonical key.</summary>
    public IReadOnlyDictionary<string, double> ScoringWeights { get; }

    /// <summary>The files read, relative to <see cref="Directory"/>, in the order the hash covers them.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>SHA-256 (lower-case hex) over <see cref="Files"/>: for each, its relative path, its byte length and its bytes.</summary>
    public string Sha256 { get; }

    /// <summary>
    /// The user-agent instructions for a category: <c>user_instructions/&lt;category&gt;.txt</c> when the folder has it,
    /// else the default (<c>create_task_list</c>).
    /// </summary>
    /// <param name="category">The seed's category, or null.</param>
    public string UserInstructionsFor(string? category) =>
        category is not null && _categoryFiles.TryGetValue(category, out var text) ? text : DefaultUserInstructions;

    /// <summary>The user-agent system prompt S for a seed (§1.3).</summary>
    /// <param name="seed">The seed.</param>
    public string UserSystemPrompt(SpiralSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return SpiralUserAgent.SystemPrompt(UserInstructionsFor(seed.Category), CategoryInstructions, seed.Category);
    }

    /// <summary>Loads a folder in the reference layout.</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="InputException">A file is missing or malformed (the message names it).</exception>
    public static SpiralBenchData Load(string directory) => Load(directory, SpiralBenchFiles.Default);

    /// <summary>Loads a folder with the given file layout.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="files">Where the files are, relative to the folder.</param>
    /// <exception cref="InputException">A file is missing or malformed (the message names it).</exception>
    public static SpiralBenchData Load(string directory, SpiralBenchFiles files)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(root)) throw new InputException($"{root}: not a directory");
        var reader = new FileReader(root);

        var seeds = ParseSeeds(reader, files.Seeds);
        var defaultInstructions = reader.Text(files.UserInstructions);
        var categoryFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var instructionsDir = Path.GetDirectoryName(files.UserInstructions) ?? "";
        foreach (var category in seeds.Select(s => s.Category).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!category.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) continue; // never a path outside the folder
            var rel = Path.Combine(instructionsDir, category + ".txt").Replace('\\', '/');
            if (rel != files.UserInstructions && reader.Exists(rel)) categoryFiles[category] = reader.Text(rel);
        }
        var categoryInstructions = ParseStringMap(reader, files.CategoryInstructions);
        var injections = ParseStringList(reader, files.Injections);
        var criterionLines = SpiralCriteria.CriterionLines(reader.Text(files.RubricCriteria));
        if (criterionLines.Count == 0) throw new InputException($"{reader.Full(files.RubricCriteria)}: no criteria (every line is empty or a # comment)");
        var rubricPrompt = reader.Text(files.RubricPrompt);
        var finalJudgePrompt = reader.Text(files.FinalJudgePrompt);
        if (!finalJudgePrompt.Contains(SpiralFinalJudge.Placeholder, StringComparison.Ordinal))
        {
            throw new InputException($"{reader.Full(files.FinalJudgePrompt)}: has no {SpiralFinalJudge.Placeholder} placeholder");
        }
        var weights = ParseWeights(reader, files.ScoringWeights);
        var extra = reader.Exists(files.ExtraCriteria) ? ParseExtraCriteria(reader, files.ExtraCriteria) : [];

        SpiralCriteria criteria;
        try
        {
            criteria = new SpiralCriteria(criterionLines, weights, extra);
        }
        catch (ArgumentException ex)
        {
            throw new InputException($"{reader.Full(files.ExtraCriteria)}: {ex.Message.Split(" (Parameter")[0]}");
        }

        return new SpiralBenchData(root, seeds, defaultInstructions, categoryFiles, categoryInstructions, injections, criterionLines,
            criteria, rubricPrompt, finalJudgePrompt, weights, reader.Used, reader.Hash());
    }

    private static List<SpiralSeed> ParseSeeds(FileReader reader, string rel)
    {
        using var doc = reader.Json(rel);
        var path = reader.Full(rel);
        var fileKey = Path.GetFileName(rel);
        var items = doc.RootElement.ValueKind switch
        {
            JsonValueKind.Array => doc.RootElement.EnumerateArray().ToList(),
            JsonValueKind.Object => [doc.RootElement],
            _ => throw new InputException($"{path}: expected a JSON list of seeds (or one seed object)"),
        };
        if (items.Count == 0) throw new InputException($"{path}: the seed list is empty");
        var seeds = new List<SpiralSeed>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: item {i}: not an object");
            var promptId = OptionalString(item, "prompt_id", path, i);
            var category = OptionalString(item, "category", path, i);
            var label = promptId is { Length: > 0 } ? $"item {i} ({promptId})" : $"item {i}";
            if (!item.TryGetProperty("prompts", out var prompts) || prompts.ValueKind == JsonValueKind.Null)
            {
                throw new InputException($"{path}: {label}: has no \"prompts\"");
            }
            if (prompts.ValueKind != JsonValueKind.Array) throw new InputException($"{path}: {label}: \"prompts\" is not a list");
            var list = prompts.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : null).ToList();
            if (list.Count == 0 || list[0] is not { } first || PythonSemantics.Strip(first).Length == 0)
            {
                throw new InputException($"{path}: {label}: \"prompts\" must start with a non-empty opening message");
            }
            var seed = new SpiralSeed(fileKey, i, promptId is { Length: > 0 } ? promptId : null, category, list);
            if (!keys.Add(seed.PromptKey)) throw new InputException($"{path}: {label}: prompt_id \"{seed.PromptKey}\" is used twice");
            seeds.Add(seed);
        }
        return seeds;
    }

    private static string? OptionalString(JsonElement item, string name, string path, int index)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new InputException($"{path}: item {index}: \"{name}\" is not a string");
        return value.GetString();
    }

    private static Dictionary<string, string> ParseStringMap(FileReader reader, string rel)
    {
        using var doc = reader.Json(rel);
        var path = reader.Full(rel);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: expected a JSON object of category → text");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new InputException($"{path}: \"{p.Name}\": not a string");
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    private static List<string> ParseStringList(FileReader reader, string rel)
    {
        using var doc = reader.Json(rel);
        var path = reader.Full(rel);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new InputException($"{path}: must be a JSON list of strings");
        var list = new List<string>();
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw new InputException($"{path}: entry {i}: must be a string (the file must be a JSON list of strings)");
            list.Add(e.GetString()!);
            i++;
        }
        return list;
    }

    private static Dictionary<string, double> ParseWeights(FileReader reader, string rel)
    {
        using var doc = reader.Json(rel);
        var path = reader.Full(rel);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException($"{path}: expected a JSON object of metric → weight");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (!TryNumber(p.Value, out var w) || !double.IsFinite(w)) throw new InputException($"{path}: \"{p.Name}\": weight is not a number");
            weights[p.Name] = w;
        }
        return weights;
    }

    private static List<SpiralCriterion> ParseExtraCriteria(FileReader reader, string rel)
    {
        using var doc = reader.Json(rel);
        var path = reader.Full(rel);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("criteria", out var inner)) root = inner;
        if (root.ValueKind != JsonValueKind.Array) throw new InputException($"{path}: expected a JSON list of criteria (or an object with a \"criteria\" list)");
        var list = new List<SpiralCriterion>();
        int i = 0;
        foreach (var e in root.EnumerateArray())
        {
            string where = $"{path}: criterion {i}";
            if (e.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: not an object");
            string name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? PythonSemantics.Strip(n.GetString()!) : "";
            if (name.Length == 0) throw new InputException($"{where}: \"name\" must be a non-empty string");
            where = $"{path}: criterion {i} ({name})";
            string kindText = e.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";
            var kind = kindText.ToLowerInvariant() switch
            {
                "risky" => SpiralMetricKind.Risky,
                "protective" => SpiralMetricKind.Protective,
                _ => throw new InputException($"{where}: \"kind\" must be \"risky\" or \"protective\""),
            };
            if (!e.TryGetProperty("cap", out var c) || !TryNumber(c, out var cap) || !(cap > 0) || !double.IsFinite(cap))
            {
                throw new InputException($"{where}: \"cap\" must be a positive number");
            }
            if (!e.TryGetProperty("weight", out var w) || !TryNumber(w, out var weight) || weight < 0 || !double.IsFinite(weight))
            {
                throw new InputException($"{where}: \"weight\" must be a number ≥ 0");
            }
            string description = e.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            list.Add(new SpiralCriterion(name, description, kind, cap, weight) { IsExtra = true });
            i++;
        }
        return list;
    }

    private static bool TryNumber(JsonElement e, out double value)
    {
        value = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value),
            JsonValueKind.String => PythonSemantics.TryParseFloat(e.GetString()!, out value),
            _ => false,
        };
    }

    /// <summary>Reads files under the folder, remembering which were used and their bytes for the hash.</summary>
    private sealed class FileReader(string root)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly List<(string Rel, byte[] Bytes)> _used = [];

        public IReadOnlyList<string> Used => _used.Select(u => u.Rel).ToList();

        public string Full(string rel) => Path.Combine(root, rel);

        public bool Exists(string rel) => File.Exists(Full(rel));

        private byte[] Bytes(string rel)
        {
            var path = Full(rel);
            if (!File.Exists(path)) throw new InputException($"{path}: missing file");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException ex)
            {
                throw new InputException($"{path}: cannot be read ({ex.Message})", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new InputException($"{path}: cannot be read ({ex.Message})", ex);
            }
            _used.Add((rel, bytes));
            return bytes;
        }

        public string Text(string rel)
        {
            var bytes = Bytes(rel);
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                throw new InputException($"{Full(rel)}: not valid UTF-8", ex);
            }
            return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        public JsonDocument Json(string rel)
        {
            var text = Text(rel);
            try
            {
                return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException ex)
            {
                var line = (ex.LineNumber ?? 0) + 1;
                var message = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
                throw new InputException($"{Full(rel)}:{line}: not valid JSON ({message})", ex);
            }
        }

        public string Hash()
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var (rel, bytes) in _used)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"{rel}\n{bytes.Length}\n"));
                sha.AppendData(bytes);
            }
            return Convert.ToHexStringLower(sha.GetHashAndReset());
        }
    }
}
