using Attune.Chat;

namespace Attune.Running;

/// <summary>Token totals of one model in one role over many runs.</summary>
/// <param name="Model">The model spec.</param>
/// <param name="Role">The role it played.</param>
/// <param name="Runs">Runs it played that role in.</param>
/// <param name="Asked">Answers asked of it (not from the store).</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="Cost">US dollars when priced, else null.</param>
public sealed record ModelUsage(string Model, ModelRole Role, int Runs, int Asked, long InputTokens, long OutputTokens, double? Cost);
