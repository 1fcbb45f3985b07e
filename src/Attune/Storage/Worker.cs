using System.Globalization;

namespace Attune.Storage;

/// <summary>
/// A process writing to a store, as its claims name it: a unique id, the host it runs on and its process id. A claim
/// whose worker is on this host and whose process is gone is stale at once (so a run killed with SIGKILL resumes at
/// once); a claim of a worker on another host is stale when its lease expires without a heartbeat.
/// </summary>
/// <param name="Id">Unique id (<c>host:pid:random</c>).</param>
/// <param name="Host">The host name.</param>
/// <param name="Pid">The process id.</param>
public sealed record Worker(string Id, string Host, int Pid)
{
    /// <summary>A new worker identity in this process (each run call takes its own, so two runs in one process never release each other's claims).</summary>
    public static Worker Create()
    {
        var host = Environment.MachineName;
        var pid = Environment.ProcessId;
        return new Worker($"{host}:{pid.ToString(CultureInfo.InvariantCulture)}:{Guid.NewGuid().ToString("N")[..8]}", host, pid);
    }

    /// <summary>
    /// True when a claim held by another worker no longer protects anything: its lease has expired, or its worker ran on
    /// this host and its process has exited.
    /// </summary>
    /// <param name="holder">The claim.</param>
    /// <param name="now">The store's clock.</param>
    public bool SeesStale(Claim holder, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (holder.Owner == Id) return false;
        if (holder.ExpiresAt <= now) return true;
        return string.Equals(holder.Host, Host, StringComparison.Ordinal) && holder.Pid != Pid && !IsRunning(holder.Pid);
    }

    /// <summary>True when a process with this id runs on this host (a zombie counts as gone).</summary>
    public static bool IsRunning(int pid)
    {
        if (pid <= 0) return false;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
                var close = stat.LastIndexOf(')');
                return close < 0 || close + 2 >= stat.Length || stat[close + 2] is not ('Z' or 'X');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return !(ex is FileNotFoundException or DirectoryNotFoundException);
            }
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
