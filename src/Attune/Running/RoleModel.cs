using Attune.Chat;
using Attune.Models;
using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>One role of a run: the model that plays it, its provider client, and its own retries and concurrency.</summary>
/// <param name="Role">The role.</param>
/// <param name="Spec">The model spec.</param>
/// <param name="Endpoint">Where requests go (never a key).</param>
/// <param name="Client">The provider's chat client (without middleware; the run engine composes it).</param>
/// <param name="Retry">Retry limits for this role (the endpoint and failure callback are set by the engine).</param>
/// <param name="Parallel">Requests of this role in flight at most.</param>
public sealed record RoleModel(ModelRole Role, ModelSpec Spec, string Endpoint, IChatClient Client, RetryOptions Retry, int Parallel) : IDisposable
{
    /// <summary>
    /// Creates a role's model from its spec and base URL (the provider's environment variables are the fallback; another
    /// role's base URL never is). The in-process baseline can only be the subject.
    /// </summary>
    /// <exception cref="InputException">A bad spec, a missing key, or the baseline in a role it cannot play.</exception>
    public static RoleModel Create(ModelRole role, string spec, string? baseUrl, RetryOptions retry, int parallel, Func<string, string?>? environment = null)
    {
        var model = ModelSpec.Parse(spec);
        if (role != ModelRole.Subject && model.Provider == "builtin")
        {
            throw new InputException($"the {role.Name()} model: {model} cannot play the {role.Name()} (it only answers EQ and multiple-choice prompts); give a real model such as openai:gpt-4.1");
        }
        if (parallel < 1) throw new InputException($"the {role.Name()} model: at least one request in flight is needed");
        var options = new ModelOptions { BaseUrl = baseUrl, RequestTimeout = retry.RequestTimeout + TimeSpan.FromSeconds(5), Environment = environment ?? Environment.GetEnvironmentVariable };
        return new RoleModel(role, model, model.Endpoint(options), model.CreateChatClient(options), retry, parallel);
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
