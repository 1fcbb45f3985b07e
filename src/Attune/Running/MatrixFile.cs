using Attune.Text;
using System.Globalization;
using System.Text.RegularExpressions;
using Attune.Chat;
using Attune.Models;
using Attune.Storage;
using Attune.Suites;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Attune.Running;

/// <summary>
/// A matrix file (<c>attune.yaml</c>): which models run which suites, with an optional shared store and default judge
/// and simulated-user models. Every mistake is an <see cref="InputException"/> naming the file, the line and the key
/// (<c>attune.yaml:7: suites[1].suite: unknown suite "eqq"</c>); <c>${VAR}</c> (or <c>${VAR:-default}</c>) in a value is
/// replaced by the environment variable, <c>$$</c> is a dollar sign.
/// </summary>
public sealed partial class MatrixFile
{
    private static readonly string[] TopKeys = ["store", "model", "base-url", "judge", "judge-base-url", "user", "user-base-url", "models", "suites"];

    /// <summary>The top-level keys other commands take as defaults (<see cref="Defaults"/>), with the environment variable each stands for.</summary>
    public static IReadOnlyList<(string Key, string Variable)> DefaultKeys { get; } =
    [
        ("store", "ATTUNE_DB"), ("model", "ATTUNE_MODEL"), ("base-url", "ATTUNE_BASE_URL"), ("judge", "ATTUNE_JUDGE"),
        ("judge-base-url", "ATTUNE_JUDGE_BASE_URL"), ("user", "ATTUNE_USER_MODEL"), ("user-base-url", "ATTUNE_USER_BASE_URL"),
    ];
    private static readonly string[] ModelKeys = ["spec", "base-url", "parallel"];
    private static readonly string[] SuiteKeys = ["suite", "questions", "judge", "judge-base-url", "user", "user-base-url"];

    private MatrixFile(string path, string? store, int storeLine, IReadOnlyList<MatrixModel> models, IReadOnlyList<MatrixSuite> suites, IReadOnlyList<MatrixCell> cells)
    {
        Path = path;
        Store = store;
        StoreLine = storeLine;
        Models = models;
        Suites = suites;
        Cells = cells;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The store the file names, or null for the default store.</summary>
    public string? Store { get; }

    /// <summary>The line of <c>store</c> (0 when absent).</summary>
    public int StoreLine { get; }

    /// <summary>The models, in file order.</summary>
    public IReadOnlyList<MatrixModel> Models { get; }

    /// <summary>The suites, in file order.</summary>
    public IReadOnlyList<MatrixSuite> Suites { get; }

    /// <summary>Every model × suite cell, model by model, each suite created (its items and options checked).</summary>
    public IReadOnlyList<MatrixCell> Cells { get; }

    [GeneratedRegex(@"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")]
    private static partial Regex Variable();

    /// <summary>Reads and checks a matrix file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="environment">Environment variables for <c>${VAR}</c> (the process's by default).</param>
    public static MatrixFile Load(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {ex.Message}");
        }
        return Parse(text, path, environment);
    }

    /// <summary>
    /// The defaults a project's <c>attune.yaml</c> gives other commands: its top-level <c>store</c>, <c>model</c>,
    /// <c>base-url</c>, <c>judge</c>, <c>judge-base-url</c>, <c>user</c> and <c>user-base-url</c> (checked as in a matrix
    /// file; <c>models</c> and <c>suites</c> need not be there), keyed by the environment variable each stands for.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="environment">Environment variables for <c>${VAR}</c> (the process's by default).</param>
    /// <returns>Variable → value for every default the file gives.</returns>
    /// <exception cref="InputException">The file cannot be read or a default is malformed (file, line and key named).</exception>
    public static IReadOnlyDictionary<string, string> Defaults(string path, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {TextLines.OneLine(ex.Message)}");
        }
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Top(text, path, environment, allowEmpty: true) is not var (reader, _, top)) return defaults;
        foreach (var (key, variable) in DefaultKeys)
        {
            if (!top.TryGetValue(key, out var node)) continue;
            var value = reader.Text(node, key);
            if (key is "model" or "judge" or "user") reader.Spec(node, key, value);
            else if (key.EndsWith("base-url", StringComparison.Ordinal)) reader.Url(node, key, value);
            else if (RunStores.IsServer(value))
            {
                try
                {
                    PostgresLocation.Parse(value, environment);
                }
                catch (InputException ex)
                {
                    throw reader.Error(node, key, ex.Message);
                }
            }
            defaults[variable] = value;
        }
        return defaults;
    }

    private static (Reader Reader, YamlMappingNode Root, Dictionary<string, YamlNode> Top)? Top(string text, string path, Func<string, string?> environment, bool allowEmpty)
    {
        var reader = new Reader(path, environment);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InputException($"{path}:{ex.Start.Line.ToString(CultureInfo.InvariantCulture)}: not valid YAML ({TextLines.OneLine(ex.InnerException?.Message ?? ex.Message)})");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up on some unclosed flow collections without a position
            throw new InputException($"{path}: not valid YAML (an unclosed [ or {{, or a stray quote?)");
        }
        if (yaml.Documents.Count == 0 && allowEmpty) return null;
        if (yaml.Documents.Count == 0) throw new InputException($"{path}:1: the file is empty; it needs models: and suites:");
        if (yaml.Documents[0].RootNode is not YamlMappingNode root) throw reader.Error(yaml.Documents[0].RootNode, "", "expected keys such as models: and suites:");
        var top = reader.Keys(root, "", TopKeys);
        return (reader, root, top);
    }

    /// <summary>Reads and checks a matrix file's text (<paramref name="path"/> names it in messages).</summary>
    public static MatrixFile Parse(string text, string path, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var (reader, root, top) = Top(text, path, environment, allowEmpty: false)!.Value;
        string? store = top.TryGetValue("store", out var storeNode) ? reader.Text(storeNode, "store") : null;
        if (store is not null && RunStores.IsServer(store))
        {
            try
            {
                PostgresLocation.Parse(store, environment);
            }
            catch (InputException ex)
            {
                throw reader.Error(storeNode!, "store", ex.Message);
            }
        }
        string? Optional(string key) => top.TryGetValue(key, out var n) ? reader.Text(n, key) : null;
        var judge = Optional("judge");
        var judgeUrl = Optional("judge-base-url");
        var user = Optional("user");
        var userUrl = Optional("user-base-url");
        if (judge is not null) reader.Spec(top["judge"], "judge", judge);
        if (user is not null) reader.Spec(top["user"], "user", user);
        if (judgeUrl is not null) reader.Url(top["judge-base-url"], "judge-base-url", judgeUrl);
        if (userUrl is not null) reader.Url(top["user-base-url"], "user-base-url", userUrl);

        var models = new List<MatrixModel>();
        foreach (var (node, key) in reader.List(top, root, "models"))
        {
            string spec;
            string? url = null;
            int parallel = 8;
            if (node is YamlMappingNode map)
            {
                var keys = reader.Keys(map, key, ModelKeys);
                if (!keys.TryGetValue("spec", out var specNode)) throw reader.Error(map, key, "a model needs spec: provider:model");
                spec = reader.Text(specNode, key + ".spec");
                if (keys.TryGetValue("base-url", out var urlNode)) url = reader.Url(urlNode, key + ".base-url", reader.Text(urlNode, key + ".base-url"));
                if (keys.TryGetValue("parallel", out var parNode)) parallel = reader.Integer(parNode, key + ".parallel", 1, 1024);
                reader.Spec(specNode, key + ".spec", spec);
            }
            else
            {
                spec = reader.Text(node, key);
                reader.Spec(node, key, spec);
            }
            var model = new MatrixModel(ModelSpec.Parse(spec).ToString(), url, parallel, Line(node));
            if (models.FirstOrDefault(m => m.Spec == model.Spec && Same(m.BaseUrl, model.BaseUrl)) is { } twin)
            {
                throw reader.Error(node, key, $"duplicate model {model.Spec}{(url is null ? "" : " at " + url)} (also on line {twin.Line.ToString(CultureInfo.InvariantCulture)})");
            }
            models.Add(model);
        }

        var suites = new List<MatrixSuite>();
        foreach (var (node, key) in reader.List(top, root, "suites"))
        {
            YamlNode nameNode = node;
            Dictionary<string, YamlNode> keys = [];
            if (node is YamlMappingNode map)
            {
                keys = reader.Keys(map, key, null);
                if (!keys.TryGetValue("suite", out nameNode!)) throw reader.Error(map, key, "a suite entry needs suite: NAME");
            }
            var nameKey = node is YamlMappingNode ? key + ".suite" : key;
            var name = reader.Text(nameNode, nameKey);
            var definition = SuiteRegistry.All.FirstOrDefault(s => s.Name == name)
                ?? throw reader.Error(nameNode, nameKey, $"unknown suite \"{name}\"; available: {string.Join(", ", SuiteRegistry.All.Select(s => s.Name))}");
            var options = new Dictionary<string, string?>(StringComparer.Ordinal);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            string? questions = null, sJudge = judge, sJudgeUrl = judgeUrl, sUser = user, sUserUrl = userUrl;
            foreach (var (k, v) in keys)
            {
                var where = key + "." + k;
                switch (k)
                {
                    case "suite":
                        continue;
                    case "questions":
                        questions = reader.Text(v, where);
                        break;
                    case "judge":
                        sJudge = reader.Spec(v, where, reader.Text(v, where));
                        break;
                    case "user":
                        sUser = reader.Spec(v, where, reader.Text(v, where));
                        break;
                    case "judge-base-url":
                        sJudgeUrl = reader.Url(v, where, reader.Text(v, where));
                        break;
                    case "user-base-url":
                        sUserUrl = reader.Url(v, where, reader.Text(v, where));
                        break;
                    default:
                        var option = definition.Options.FirstOrDefault(o => o.Name == k)
                            ?? throw reader.Error(v, where, $"not an option of the {name} suite (it takes {string.Join(", ", SuiteKeys.Skip(1).Concat(definition.Options.Select(o => o.Name)))})");
                        var value = reader.Text(v, where);
                        if (option.Kind == SuiteOptionKind.Flag)
                        {
                            value = value.ToLowerInvariant() switch
                            {
                                "true" or "yes" or "on" => "true",
                                "false" or "no" or "off" => null,
                                _ => throw reader.Error(v, where, $"expected true or false, not \"{value}\""),
                            };
                        }
                        options[k] = value;
                        lines[k] = Line(v);
                        break;
                }
            }
            var entry = new MatrixSuite(definition, questions, options, sJudge, sJudgeUrl, sUser, sUserUrl, Line(node), lines);
            if (suites.FirstOrDefault(s => s.Definition == definition && s.Questions == questions && s.Options.OrderBy(o => o.Key).SequenceEqual(options.OrderBy(o => o.Key))) is { } twin)
            {
                throw reader.Error(node, key, $"duplicate suite {name} with the same options (also on line {twin.Line.ToString(CultureInfo.InvariantCulture)})");
            }
            suites.Add(entry);
        }

        var cells = new List<MatrixCell>();
        foreach (var model in models)
        {
            foreach (var suite in suites) cells.Add(reader.Cell(model, suite, suites.IndexOf(suite)));
        }
        return new MatrixFile(path, store, storeNode is null ? 0 : Line(storeNode), models, suites, cells);
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.TrimEnd('/'), b?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static int Line(YamlNode node) => (int)node.Start.Line;


    private sealed class Reader(string path, Func<string, string?> environment)
    {
        public InputException Error(YamlNode node, string key, string message)
            => new($"{path}:{Line(node).ToString(CultureInfo.InvariantCulture)}: {(key.Length == 0 ? "" : key + ": ")}{message}");

        public Dictionary<string, YamlNode> Keys(YamlMappingNode map, string where, string[]? allowed)
        {
            var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode { Value: { } name }) throw Error(k, where, "expected a plain key");
                var full = where.Length == 0 ? name : where + "." + name;
                if (allowed is not null && !allowed.Contains(name)) throw Error(k, full, $"unknown key (known: {string.Join(", ", allowed)})");
                if (!keys.TryAdd(name, v)) throw Error(k, full, "given twice");
            }
            return keys;
        }

        public IEnumerable<(YamlNode Node, string Key)> List(Dictionary<string, YamlNode> top, YamlNode root, string name)
        {
            if (!top.TryGetValue(name, out var node)) throw Error(root, name, $"missing; list the {name} to run");
            if (node is not YamlSequenceNode seq || seq.Children.Count == 0) throw Error(node, name, "expected a list with at least one entry");
            return seq.Children.Select((n, i) => (n, $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]"));
        }

        public string Text(YamlNode node, string key)
        {
            if (node is not YamlScalarNode scalar) throw Error(node, key, "expected a single value");
            var raw = scalar.Value ?? "";
            var value = Variable().Replace(raw, m =>
            {
                if (m.Value == "$$") return "$";
                var name = m.Groups[1].Value;
                if (environment(name) is { Length: > 0 } set) return set;
                if (m.Groups[2].Success) return m.Groups[2].Value;
                throw Error(node, key, $"the environment variable {name} is not set (write ${{{name}:-default}} for a default)");
            });
            if (value.Trim().Length == 0) throw Error(node, key, "empty value");
            return value.Trim();
        }

        public int Integer(YamlNode node, string key, int min, int max)
        {
            var text = Text(node, key);
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            {
                throw Error(node, key, $"expected a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not \"{text}\"");
            }
            return v;
        }

        public string Spec(YamlNode node, string key, string spec)
        {
            try
            {
                return ModelSpec.Parse(spec).ToString();
            }
            catch (InputException ex)
            {
                throw Error(node, key, ex.Message);
            }
        }

        public string Url(YamlNode node, string key, string url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
            {
                throw Error(node, key, $"\"{url}\" is not an http(s) URL");
            }
            return url;
        }

        public MatrixCell Cell(MatrixModel model, MatrixSuite suite, int index)
        {
            var where = $"suites[{index.ToString(CultureInfo.InvariantCulture)}]";
            var subject = ModelSpec.Parse(model.Spec);
            var subjectEndpoint = subject.Endpoint(new ModelOptions { BaseUrl = model.BaseUrl, Environment = environment });
            ISuite instance;
            try
            {
                instance = suite.Definition.Create(new SuiteRequest(suite.Questions, subject, new SuiteArguments(suite.Options))
                {
                    Judge = suite.Judge is { } j ? ModelSpec.Parse(j) : null,
                    User = suite.User is { } u ? ModelSpec.Parse(u) : null,
                    SubjectEndpoint = subjectEndpoint,
                });
            }
            catch (InputException ex)
            {
                // "--iterations: must be …" → the line of that key
                var m = Regex.Match(ex.Message, "^--([a-z0-9-]+): (.*)$", RegexOptions.Singleline);
                if (m.Success && suite.OptionLines.TryGetValue(m.Groups[1].Value, out var line))
                {
                    throw new InputException($"{path}:{line.ToString(CultureInfo.InvariantCulture)}: {where}.{m.Groups[1].Value}: {m.Groups[2].Value}");
                }
                throw new InputException($"{path}:{suite.Line.ToString(CultureInfo.InvariantCulture)}: {where}: {ex.Message}");
            }
            var roles = new List<RoleBinding> { new(ModelRole.Subject, subject.ToString(), subjectEndpoint) };
            foreach (var role in instance.Roles.Where(r => r != ModelRole.Subject))
            {
                var (spec, url, key) = role == ModelRole.Judge ? (suite.Judge, suite.JudgeBaseUrl, "judge") : (suite.User, suite.UserBaseUrl, "user");
                if (spec is null)
                {
                    throw new InputException($"{path}:{suite.Line.ToString(CultureInfo.InvariantCulture)}: {where}: the {instance.Name} suite needs a {role.Name()} model; "
                        + $"add {key}: provider:model at the top of the file or in this entry");
                }
                var roleSpec = ModelSpec.Parse(spec);
                if (roleSpec.Provider == "builtin") throw new InputException($"{path}:{suite.Line.ToString(CultureInfo.InvariantCulture)}: {where}.{key}: {roleSpec} cannot play the {role.Name()}");
                roles.Add(new RoleBinding(role, roleSpec.ToString(), roleSpec.Endpoint(new ModelOptions { BaseUrl = url, Environment = environment })));
            }
            return new MatrixCell(model, suite, instance, roles, SuiteRunner.Define(instance, roles));
        }
    }
}
