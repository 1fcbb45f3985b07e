namespace Attune.Tests;

/// <summary>A fact that needs ../shared: skipped with a clear reason when it is absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when ../shared is missing.</summary>
    public SharedFactAttribute()
    {
        if (!SharedData.Available) Skip = SharedData.SkipReason;
    }
}
