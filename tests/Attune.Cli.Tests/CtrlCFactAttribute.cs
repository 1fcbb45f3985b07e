using System.Globalization;

namespace Attune.Cli.Tests;

/// <summary>
/// A test that stops attune with SIGINT (Ctrl-C): skipped with the reason when this test process ignores SIGINT, since
/// every child then inherits the ignored signal and cannot be stopped with it (a test run started as a background job
/// of a non-interactive shell is such a process); with <see cref="Pty"/>, also when there is no pseudo-terminal.
/// </summary>
public sealed class CtrlCFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when SIGINT is ignored here.</summary>
    public CtrlCFactAttribute()
    {
        if (SigintIgnored()) Skip = "SIGINT is ignored in this test process (SigIgn in /proc/self/status; e.g. started in the background by a non-interactive shell), so no child can be stopped with Ctrl-C";
    }

    /// <summary>Also needs util-linux <c>script</c> for a pseudo-terminal.</summary>
    public bool Pty
    {
        get => _pty;
        set
        {
            _pty = value;
            if (value && Skip is null && !File.Exists(Tests.Pty.Script)) Skip = $"{Tests.Pty.Script} (util-linux) is absent on this machine: no pseudo-terminal to test Ctrl-C with";
        }
    }

    private bool _pty;

    private static bool SigintIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
            && (mask & (1UL << 1)) != 0; // signal 2, SIGINT
    }
}
