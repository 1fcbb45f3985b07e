namespace Attune.Cli.Tests;

/// <summary>A fact that runs /bin/bash: skipped with a clear reason where there is none.</summary>
public sealed class BashFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when /bin/bash is missing.</summary>
    public BashFactAttribute()
    {
        if (!File.Exists("/bin/bash")) Skip = "/bin/bash is absent on this machine (the completion script itself is checked without it)";
    }
}
