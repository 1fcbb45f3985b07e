namespace Attune.Tests;

/// <summary>Test classes that use the throwaway PostgreSQL cluster (one per test run, started on first use, removed after).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
