using Attune.Running;
using Attune.Storage;

namespace Attune.Tests.Running;

public class PriceTableTests
{
    [Fact]
    public void Costs_only_listed_models_per_million_tokens()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-prices-").FullName, "prices.json");
        File.WriteAllText(path, "{\"openai:gpt-4o-mini\": {\"input\": 0.15, \"output\": 0.60}}");
        var table = PriceTable.Load(path);
        var usage = new RunUsage(10, 10, 1_000_000, 500_000, 0);
        Assert.Equal(0.15 + 0.30, table.CostOf("openai:gpt-4o-mini", usage)!.Value, 12);
        Assert.Null(table.CostOf("openai:other", usage));
        Assert.Null(PriceTable.Load(path + ".missing").CostOf("openai:gpt-4o-mini", usage));
    }

    [Fact]
    public void Malformed_table_names_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-prices-").FullName, "prices.json");
        File.WriteAllText(path, "{\"openai:x\": {\"input\": \"cheap\"}}");
        Assert.Contains(path, Assert.Throws<InputException>(() => PriceTable.Load(path)).Message, StringComparison.Ordinal);
    }
}
