namespace Attune.Suites;

/// <summary>What a result's JSON document names beside its figures.</summary>
/// <param name="Model">The subject's model spec (never a key), or null (offline scoring, audits).</param>
/// <param name="Run">The stored run's id, or null when the result was not stored.</param>
public sealed record ResultContext(string? Model = null, long? Run = null)
{
    /// <summary>Nothing to name.</summary>
    public static ResultContext None { get; } = new();

    /// <summary>Writes <c>"run"</c> and <c>"model"</c> when known.</summary>
    public void Write(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Run is { } run) writer.WriteNumber("run", run);
        if (Model is not null) writer.WriteString("model", Model);
    }
}
