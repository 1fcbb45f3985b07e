namespace Attune.Suites.Eq3;

/// <summary>One scenario of <c>scenario_prompts.txt</c>.</summary>
/// <param name="Id">The id as parsed from the header (a string: "1", "101", "404").</param>
/// <param name="Kind">The kind, from the id.</param>
/// <param name="Prompts">The user turns in file order, each trimmed.</param>
/// <param name="Category">The header's second <c>|</c> field (only reports use it), or null.</param>
/// <param name="Title">The header's third <c>|</c> field (only reports use it), or null.</param>
public sealed record Eq3Scenario(string Id, Eq3ScenarioKind Kind, IReadOnlyList<string> Prompts, string? Category = null, string? Title = null)
{
    /// <summary>The kind of a scenario id: "401"–"420" analysis, "201"–"209" drafting, "8", "10", "12", "14" no-role-play, else role-play.</summary>
    /// <param name="id">The scenario id.</param>
    public static Eq3ScenarioKind KindOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 3 && id[0] == '4' && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a) && a is >= 401 and <= 420) return Eq3ScenarioKind.Analysis;
        if (id.Length == 3 && id[0] == '2' && id[1] == '0' && id[2] is >= '1' and <= '9') return Eq3ScenarioKind.Drafting;
        if (id is "8" or "10" or "12" or "14") return Eq3ScenarioKind.NoRolePlay;
        return Eq3ScenarioKind.RolePlay;
    }

    /// <summary>True for the kinds that end with a debrief (role-play, drafting, no-role-play).</summary>
    public bool HasDebrief => Kind != Eq3ScenarioKind.Analysis;
}
