namespace Attune.Tests;

/// <summary>A fact that needs the PostgreSQL server binaries: skipped with the reason when they are absent.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when PostgreSQL cannot run here.</summary>
    public PostgresFactAttribute()
    {
        if (PostgresCluster.SkipReason is { } reason) Skip = reason;
    }
}
