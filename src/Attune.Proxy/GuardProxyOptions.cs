using Attune.Emotions;
using Attune.Guard;
using Attune.Storage;

namespace Attune.Proxy;

/// <summary>Settings of <see cref="GuardProxy"/>.</summary>
public sealed class GuardProxyOptions
{
    /// <summary>The upstream's OpenAI-compatible base URL (requests go to <c>{Upstream}/chat/completions</c>).</summary>
    public required Uri Upstream { get; init; }

    /// <summary>Where to listen, <c>host:port</c>. Default <c>127.0.0.1:8788</c>; port 0 picks a free one.</summary>
    public string Listen { get; init; } = "127.0.0.1:8788";

    /// <summary>The bearer token incoming requests must carry (<c>Authorization: Bearer …</c> or <c>X-Attune-Token</c>); required to listen beyond loopback.</summary>
    public string? Token { get; init; }

    /// <summary>The estimator for the emotional-context middleware; null leaves it out.</summary>
    public IEmotionEstimator? Emotions { get; init; }

    /// <summary>The reply assessor for the manipulation guard; null leaves the guard out.</summary>
    public IReplyAssessor? Assessor { get; init; }

    /// <summary>Configures the guard (policy, regenerations, failure mode).</summary>
    public Action<ManipulationGuardOptions>? ConfigureGuard { get; init; }

    /// <summary>Where verdicts are recorded; null records none.</summary>
    public IRunStore? Store { get; init; }

    /// <summary>Whether the request's messages and the reply are stored with each verdict. Default false.</summary>
    public bool StoreMessages { get; init; }

    /// <summary>How long one upstream request may take. Default 300 seconds.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Called with a one-line message when a verdict could not be stored (the request itself still succeeds).</summary>
    public Action<string>? OnStoreError { get; init; }
}
