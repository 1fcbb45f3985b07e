using Attune.Chat;

namespace Attune.Storage;

/// <summary>Which model plays a role in a run, and where it is reached.</summary>
/// <param name="Role">The role.</param>
/// <param name="Model">The model spec (<c>provider:model</c>; never a key).</param>
/// <param name="Endpoint">The endpoint (never a key).</param>
public sealed record RoleBinding(ModelRole Role, string Model, string Endpoint);
