using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Attune.Tests.Storage;

/// <summary>A store contract test case: skipped, with the reason, in a PostgreSQL class when PostgreSQL cannot run here.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    /// <summary>For deserialisation.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute)
        => TestMethod.TestClass.Class.ToRuntimeType().GetCustomAttribute<NeedsPostgresAttribute>() is not null && PostgresCluster.SkipReason is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
}
