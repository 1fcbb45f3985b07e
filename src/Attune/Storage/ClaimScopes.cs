using System.Globalization;

namespace Attune.Storage;

/// <summary>The names of claimable work: a trial of a run, and a request (by cache key) that is being asked.</summary>
public static class ClaimScopes
{
    /// <summary>A trial of a run.</summary>
    public static string Trial(long runId, string trialId) => $"trial:{runId.ToString(CultureInfo.InvariantCulture)}:{trialId}";

    /// <summary>A request being asked (released when its answer is stored).</summary>
    public static string Request(string cacheKey) => "request:" + cacheKey;
}
