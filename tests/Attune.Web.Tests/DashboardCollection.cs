namespace Attune.Web.Tests;

/// <summary>Every test class that reads the fixture's store shares one fixture (one set of runs, one server, one browser).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
