namespace Attune.Tests;

/// <summary>A theory that needs ../shared: every row is skipped with a clear reason when it is absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets Skip when ../shared is missing.</summary>
    public SharedTheoryAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}
