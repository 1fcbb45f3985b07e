using Attune.Chat;

namespace Attune.Storage;

/// <summary>Token accounting of one role of a run.</summary>
/// <param name="Role">The role.</param>
/// <param name="Model">The role's model spec.</param>
/// <param name="Answers">Responses the run used.</param>
/// <param name="Asked">Responses the run asked the model for (the rest came from the store).</param>
/// <param name="InputTokens">Prompt tokens over the responses the run asked for.</param>
/// <param name="OutputTokens">Completion tokens over the responses the run asked for.</param>
public sealed record RoleUsage(ModelRole Role, string Model, int Answers, int Asked, long InputTokens, long OutputTokens);
