namespace Attune.Running;

/// <summary>The one way suites ask the model under test: retries, rate limits and caching live behind it.</summary>
public interface IModelGateway
{
    /// <summary>Sends a request and returns the model's answer; transport failures are retried and never returned as answers.</summary>
    Task<ModelResponse> AskAsync(ModelRequest request, CancellationToken cancellationToken);
}
