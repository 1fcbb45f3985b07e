using Xunit.Sdk;

namespace Attune.Tests.Storage;

/// <summary>
/// A fact of the store contract: it runs once per store test class, and is skipped with a stated reason in a class
/// marked <see cref="NeedsPostgresAttribute"/> when PostgreSQL cannot run here.
/// </summary>
[XunitTestCaseDiscoverer("Attune.Tests.Storage.StoreFactDiscoverer", "Attune.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
