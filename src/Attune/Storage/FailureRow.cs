namespace Attune.Storage;

/// <summary>A recorded transport failure with its time, as a store copy moves it.</summary>
/// <param name="Failure">The failure.</param>
/// <param name="CreatedAt">When it was recorded (UTC).</param>
public sealed record FailureRow(FailureRecord Failure, DateTimeOffset CreatedAt);
