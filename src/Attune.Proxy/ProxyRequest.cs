using System.Text.Json.Nodes;

namespace Attune.Proxy;

/// <summary>What travels with one proxied request through the middleware, on <c>ChatOptions.AdditionalProperties</c>: the original body and the caller's authorization.</summary>
/// <param name="Body">The caller's request body (messages are replaced when forwarded).</param>
/// <param name="Authorization">The caller's Authorization header to pass upstream, or null; held in memory for the request only.</param>
internal sealed record ProxyRequest(JsonObject Body, string? Authorization)
{
    public const string Key = "attune.proxy.request";
}
