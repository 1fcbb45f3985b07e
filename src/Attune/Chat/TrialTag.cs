using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>
/// Which trial, attempt and sample a request belongs to. It travels in <see cref="ChatOptions.AdditionalProperties"/>
/// through the middleware (the store-backed cache keys on it; the store records it) and is never sent to a provider:
/// the provider adapters ignore properties they do not know.
/// </summary>
/// <param name="TrialId">The trial (e.g. <c>eq/12/it1</c>).</param>
/// <param name="Attempt">1-based attempt of this request within the trial (a retry after an unusable answer is attempt 2).</param>
/// <param name="Sample">Which independent sample this is (the iteration), so repeated iterations are not one cached answer.</param>
/// <param name="Step">Which step of the trial the request is (e.g. <c>turn3/user</c>, <c>chunk2</c>, <c>final</c>), so scoring can
/// find a turn whatever order concurrent requests finished in; empty when the trial has one step.</param>
public sealed record TrialTag(string TrialId, int Attempt, int Sample, string Step = "")
{
    private const string TrialKey = "attune.trial";
    private const string AttemptKey = "attune.attempt";
    private const string SampleKey = "attune.sample";
    private const string StepKey = "attune.step";

    /// <summary>Options carrying this tag: a copy of <paramref name="options"/> (or new options) with the tag set.</summary>
    public ChatOptions On(ChatOptions? options = null)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[TrialKey] = TrialId;
        copy.AdditionalProperties[AttemptKey] = Attempt;
        copy.AdditionalProperties[SampleKey] = Sample;
        if (Step.Length > 0) copy.AdditionalProperties[StepKey] = Step;
        else copy.AdditionalProperties.Remove(StepKey);
        return copy;
    }

    /// <summary>The tag a request carries, or null.</summary>
    public static TrialTag? Of(ChatOptions? options)
    {
        var props = options?.AdditionalProperties;
        if (props is null || !props.TryGetValue(TrialKey, out var trial) || trial is not string id) return null;
        int attempt = props.TryGetValue(AttemptKey, out var a) && a is int ai ? ai : 1;
        int sample = props.TryGetValue(SampleKey, out var s) && s is int si ? si : 1;
        string step = props.TryGetValue(StepKey, out var st) && st is string sts ? sts : "";
        return new TrialTag(id, attempt, sample, step);
    }

    /// <summary>Options without Attune's own properties (what a provider may see).</summary>
    public static ChatOptions? Strip(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !props.ContainsKey(TrialKey)) return options;
        var copy = options.Clone();
        var rest = new AdditionalPropertiesDictionary(props);
        rest.Remove(TrialKey);
        rest.Remove(AttemptKey);
        rest.Remove(SampleKey);
        rest.Remove(StepKey);
        copy.AdditionalProperties = rest.Count == 0 ? null : rest;
        return copy;
    }
}
