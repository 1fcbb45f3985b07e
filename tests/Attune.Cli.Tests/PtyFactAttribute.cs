namespace Attune.Cli.Tests;

/// <summary>A test that drives attune through a pseudo-terminal with util-linux <c>script</c>; skipped with the reason when it is absent.</summary>
public sealed class PtyFactAttribute : FactAttribute
{
    public PtyFactAttribute()
    {
        if (!File.Exists(Pty.Script)) Skip = $"{Pty.Script} (util-linux) is absent on this machine: no pseudo-terminal to test terminal width and Ctrl-C with";
    }
}
