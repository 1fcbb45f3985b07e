using Attune.Storage;

namespace Attune.Tests.Storage;

/// <summary>The store contract on SQLite.</summary>
public sealed class SqliteRunStoreContractTests : RunStoreContractTests
{
    /// <inheritdoc />
    protected override (IRunStore Store, Func<IRunStore> OpenAgain) NewStore()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-contract-").FullName, "attune.db");
        return (SqliteRunStore.Open(path), () => SqliteRunStore.Open(path));
    }
}
