namespace Attune.Chat;

/// <summary>Names of <see cref="ModelRole"/>s as they are stored and printed (<c>subject</c>, <c>judge</c>, <c>user</c>).</summary>
public static class ModelRoles
{
    /// <summary>The lower-case name of a role.</summary>
    public static string Name(this ModelRole role) => role switch
    {
        ModelRole.Subject => "subject",
        ModelRole.Judge => "judge",
        ModelRole.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Reads a stored or typed role name.</summary>
    /// <exception cref="InputException">The name is not a role.</exception>
    public static ModelRole Parse(string name) => name.ToLowerInvariant() switch
    {
        "subject" => ModelRole.Subject,
        "judge" => ModelRole.Judge,
        "user" => ModelRole.User,
        _ => throw new InputException($"role \"{name}\": expected subject, judge or user"),
    };
}
