namespace Attune.Tests.Storage;

/// <summary>Marks a store test class whose facts need the PostgreSQL cluster.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsPostgresAttribute : Attribute;
