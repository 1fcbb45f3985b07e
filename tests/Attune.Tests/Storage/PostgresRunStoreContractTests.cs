using Attune.Storage;

namespace Attune.Tests.Storage;

/// <summary>The store contract on PostgreSQL (a throwaway loopback cluster; skipped with the reason where PostgreSQL cannot run).</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresRunStoreContractTests(PostgresCluster cluster) : RunStoreContractTests
{
    /// <inheritdoc />
    protected override (IRunStore Store, Func<IRunStore> OpenAgain) NewStore()
    {
        var url = cluster.Url(cluster.CreateDatabase());
        return (PostgresRunStore.Open(url), () => PostgresRunStore.Open(url));
    }
}
