namespace Attune.Suites.Eq3;

/// <summary>The kinds of EQ-Bench 3 scenario; the kind comes from the id alone (hard-coded id sets in the reference).</summary>
public enum Eq3ScenarioKind
{
    /// <summary>Multi-turn role-play answered in three sections, then a debrief (every id not listed below).</summary>
    RolePlay,

    /// <summary>Message drafting, answered in three drafting sections, then a debrief (ids 201–209).</summary>
    Drafting,

    /// <summary>One turn analysing a given role-play transcript; no sections, no debrief (ids 401–420).</summary>
    Analysis,

    /// <summary>Role-play without the master template, stored raw (ids 8, 10, 12, 14; none exist in the data).</summary>
    NoRolePlay,
}
