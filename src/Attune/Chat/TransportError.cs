using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Anthropic.Exceptions;
using Polly.Timeout;

namespace Attune.Chat;

/// <summary>Classifies a provider SDK exception into a transport failure kind, whether to retry, and any Retry-After.</summary>
internal sealed record TransportError(string Kind, bool Retryable, int? Status, TimeSpan? RetryAfter, string Message)
{
    public static TransportError Classify(Exception ex)
    {
        switch (ex)
        {
            case ClientResultException cre:
            {
                TimeSpan? retryAfter = null;
                var raw = cre.GetRawResponse();
                if (raw is not null && raw.Headers.TryGetValue("Retry-After", out var header)) retryAfter = ParseRetryAfter(header);
                return FromStatus(cre.Status, retryAfter, cre.Status == 0 ? ex : null);
            }
            case AnthropicApiException aae:
                return FromStatus((int)aae.StatusCode, null, null);
            case AnthropicIOException aio when aio.InnerException is { } inner:
                return Classify(inner);
            case TimeoutRejectedException:
                return new TransportError("timeout", true, null, null, "the request timed out");
            case TaskCanceledException or OperationCanceledException:
                return new TransportError("timeout", true, null, null, "the request timed out");
            case HttpRequestException hre when hre.StatusCode is { } code:
                return FromStatus((int)code, null, null);
            case HttpRequestException hre when FindSocket(hre) is { } socket && IsUnreachable(socket.SocketErrorCode):
                return new TransportError("unreachable", true, null, null, socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    _ => "cannot connect: " + socket.SocketErrorCode,
                });
            case HttpRequestException or IOException:
                return new TransportError("broken-body", true, null, null, "the connection broke: " + OneLine(ex.Message));
            case ArgumentOutOfRangeException or IndexOutOfRangeException:
                // the SDK indexed choices[0] of a completion without choices
                return new TransportError("broken-body", true, null, null, "the response has no choices (a completion body without \"choices\"[0]; is the server OpenAI-compatible?)");
            case KeyNotFoundException:
                return new TransportError("broken-body", true, null, null, "the response lacks a field a chat completion must have: " + OneLine(ex.Message));
            case InvalidOperationException when ex.Message.Contains("requires an element of type", StringComparison.Ordinal):
                return new TransportError("broken-body", true, null, null, "the response body is not a chat completion (unexpected JSON shape: " + OneLine(ex.Message) + ")");
            case JsonException or FormatException or InvalidOperationException or AnthropicInvalidDataException:
                return new TransportError("broken-body", true, null, null, "the response body could not be read: " + OneLine(ex.Message));
            default:
                if (ex.InnerException is { } innerEx) return Classify(innerEx);
                return new TransportError("error", true, null, null, ex.GetType().Name + ": " + OneLine(ex.Message));
        }
    }

    private static TransportError FromStatus(int status, TimeSpan? retryAfter, Exception? noResponse)
    {
        if (status == 0)
        {
            return noResponse?.InnerException is { } inner ? Classify(inner)
                : new TransportError("unreachable", true, null, null, "no response: " + OneLine(noResponse?.Message ?? ""));
        }
        if (status == 429) return new TransportError("rate-limited", true, status, retryAfter, "429 Too Many Requests");
        if (status is 408 or 409 || status >= 500)
        {
            return new TransportError("server-error", true, status, retryAfter, $"HTTP {status.ToString(CultureInfo.InvariantCulture)}");
        }
        var text = status switch
        {
            400 => "400 Bad Request",
            401 => "401 Unauthorized (check the API key)",
            403 => "403 Forbidden",
            404 => "404 Not Found (check the model name and base URL)",
            _ => $"HTTP {status.ToString(CultureInfo.InvariantCulture)}",
        };
        return new TransportError("client-error", false, status, null, text);
    }

    private static bool IsUnreachable(SocketError code) => code is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData
        or SocketError.TryAgain or SocketError.TimedOut or SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.AddressNotAvailable;

    private static SocketException? FindSocket(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException s) return s;
        }
        return null;
    }

    private const double MaxHeaderSeconds = 86_400;

    internal static TimeSpan? ParseRetryAfter(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        if (double.TryParse(header.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            // Infinity, 1e300 or 20 digits would overflow a TimeSpan: anything beyond a day is a day (the caller caps further).
            return seconds >= MaxHeaderSeconds || double.IsNaN(seconds) ? TimeSpan.FromSeconds(MaxHeaderSeconds) : TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            var delta = when - DateTimeOffset.UtcNow;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }
        return null;
    }

    private static string OneLine(string s)
    {
        var line = SecretRedactor.Redact(s).ReplaceLineEndings(" ");
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
