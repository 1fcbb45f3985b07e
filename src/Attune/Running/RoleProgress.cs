using Attune.Chat;

namespace Attune.Running;

/// <summary>Progress of one role in a run.</summary>
/// <param name="Role">The role.</param>
/// <param name="Answers">Answers received, including from the store.</param>
/// <param name="FromCache">Answers reused from the store instead of asking the model.</param>
/// <param name="Failures">Failed tries that were retried.</param>
public sealed record RoleProgress(ModelRole Role, int Answers, int FromCache, int Failures);
