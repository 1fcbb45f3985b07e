namespace Attune.Suites.Ability;

/// <summary>The two ability tasks, named as EmoBench names them.</summary>
public enum AbilityTask
{
    /// <summary>Emotional understanding: which emotion a person feels (and, in EmoBench, why).</summary>
    EU,

    /// <summary>Emotional application: the most effective action or response.</summary>
    EA,
}
