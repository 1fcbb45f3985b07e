using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attune.Running;

/// <summary>
/// One of N shards of a run: the trials whose stable hash (SHA-256 of the trial id, first 8 bytes, modulo N) is the
/// shard's index. The split depends only on the trial ids, so it is the same on every machine and under resume, and the
/// N shards together cover every trial exactly once.
/// </summary>
/// <param name="Index">0-based index (0 … Count − 1).</param>
/// <param name="Count">Number of shards.</param>
public sealed record RunShard(int Index, int Count)
{
    /// <summary>The most shards a run can be split into.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The shard a trial belongs to.</summary>
    public static int Of(string trialId, int count)
    {
        ArgumentNullException.ThrowIfNull(trialId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(trialId), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>True when the trial is this shard's.</summary>
    public bool Contains(string trialId) => Of(trialId, Count) == Index;

    /// <inheritdoc />
    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Reads <c>I/N</c> (0-based I), or <c>N</c> alone with I from <c>JOB_COMPLETION_INDEX</c> (Kubernetes Indexed Jobs)
    /// or <c>SLURM_ARRAY_TASK_ID</c> (minus <c>SLURM_ARRAY_TASK_MIN</c> when set, so <c>--array=1-4</c> gives 0–3).
    /// </summary>
    /// <exception cref="InputException">Malformed, out of range, or N alone without a scheduler's index.</exception>
    public static RunShard Parse(string text, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        environment ??= Environment.GetEnvironmentVariable;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var countText = slash < 0 ? text : text[(slash + 1)..];
        if (!int.TryParse(countText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > MaxCount)
        {
            throw new InputException($"--shard: \"{text}\" is not I/N or N with N between 1 and {MaxCount.ToString(CultureInfo.InvariantCulture)}");
        }
        int index;
        if (slash >= 0)
        {
            if (!int.TryParse(text[..slash].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out index)) throw new InputException($"--shard: \"{text}\" is not I/N (I a whole number from 0)");
        }
        else if (environment("JOB_COMPLETION_INDEX") is { Length: > 0 } k8s)
        {
            if (!int.TryParse(k8s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out index)) throw new InputException($"JOB_COMPLETION_INDEX: \"{k8s}\" is not a whole number");
        }
        else if (environment("SLURM_ARRAY_TASK_ID") is { Length: > 0 } slurm)
        {
            if (!int.TryParse(slurm.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out index)) throw new InputException($"SLURM_ARRAY_TASK_ID: \"{slurm}\" is not a whole number");
            if (environment("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } min && int.TryParse(min.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var first)) index -= first;
        }
        else
        {
            throw new InputException($"--shard {text}: give I/N, or run under a scheduler that sets JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array)");
        }
        if (index < 0 || index >= count)
        {
            throw new InputException($"--shard: index {index.ToString(CultureInfo.InvariantCulture)} is outside 0–{(count - 1).ToString(CultureInfo.InvariantCulture)} (shards are numbered from 0)");
        }
        return new RunShard(index, count);
    }
}
