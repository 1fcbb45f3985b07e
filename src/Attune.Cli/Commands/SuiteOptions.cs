using System.CommandLine;
using Attune.Suites;

namespace Attune.Cli.Commands;

/// <summary>
/// The options every registered suite declares, offered once each on <c>attune run</c> (help lists which suite takes
/// which), and read back for the chosen suite: an option the chosen suite does not take is refused.
/// </summary>
internal sealed class SuiteOptions
{
    private readonly Dictionary<string, Option> _options;

    private SuiteOptions(Dictionary<string, Option> options) => _options = options;

    public static SuiteOptions AddTo(Command command)
    {
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var group in SuiteRegistry.All.SelectMany(s => s.Options.Select(o => (Suite: s.Name, Option: o))).GroupBy(x => x.Option.Name, StringComparer.Ordinal))
        {
            var first = group.First().Option;
            var descriptions = group.Select(x => x.Option.Description).Distinct(StringComparer.Ordinal).ToList();
            var description = descriptions.Count == 1
                ? $"{descriptions[0]} ({string.Join(", ", group.Select(x => x.Suite))})"
                : string.Join(" ", group.Select(x => $"{x.Suite}: {x.Option.Description}"));
            Option option = first.Kind == SuiteOptionKind.Flag
                ? new Option<bool>("--" + first.Name) { Description = description }
                : new Option<string?>("--" + first.Name) { Description = description };
            options[first.Name] = option;
            command.Options.Add(option);
        }
        return new SuiteOptions(options);
    }

    public SuiteArguments Read(ParseResult parse, SuiteDefinition suite)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, option) in _options)
        {
            string? value = option switch
            {
                Option<bool> flag => parse.GetValue(flag) ? "true" : null,
                Option<string?> text => parse.GetValue(text),
                _ => null,
            };
            if (value is null) continue;
            if (suite.Options.All(o => o.Name != name))
            {
                var takers = SuiteRegistry.All.Where(s => s.Options.Any(o => o.Name == name)).Select(s => s.Name);
                throw new InputException($"--{name}: not an option of the {suite.Name} suite (it is one of {string.Join(", ", takers)})");
            }
            values[name] = value;
        }
        return new SuiteArguments(values);
    }
}
