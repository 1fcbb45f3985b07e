using System.Runtime.InteropServices;

namespace Attune.Cli;

/// <summary>
/// Widens the kernel buffer of a pipe on Linux. A pipe holds 64 KiB by default, so a stream of answers hundreds of
/// kilobytes per batch long blocks its writer several times per batch and wakes it again each time; at 1 MiB (the
/// unprivileged limit, <c>/proc/sys/fs/pipe-max-size</c>) a batch passes in one write. Anything that is not a pipe, or
/// a system that refuses, is left as it is.
/// </summary>
internal static class PipeBuffers
{
    private const int SetPipeSize = 1031; // F_SETPIPE_SZ

    /// <summary>Asks for a 1 MiB buffer on the pipe behind a file descriptor (0 standard input, 1 standard output).</summary>
    /// <param name="descriptor">The file descriptor.</param>
    public static void Widen(int descriptor)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = Fcntl(descriptor, SetPipeSize, 1 << 20); // -1 (not a pipe, over the limit): the buffer stays as it was
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int descriptor, int command, int argument);
}
