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
        Assert.Equal(0.15 + 0.30, table.CostOf("openai:gpt-4o-mini", 1_000_000, 500_000)!.Value, 12);
        Assert.Null(table.CostOf("openai:other", 1_000_000, 500_000));
        Assert.Null(PriceTable.Load(path + ".missing").CostOf("openai:gpt-4o-mini", 1_000_000, 500_000));
    }

    [Fact]
    public void A_run_costs_the_sum_of_its_priced_roles()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-prices-").FullName, "prices.json");
        File.WriteAllText(path, "{\"openai:subject\": {\"input\": 1.0, \"output\": 2.0}, \"openai:judge\": {\"input\": 10.0, \"output\": 20.0}}");
        var table = PriceTable.Load(path);
        var usage = new RunUsage(
        [
            new RoleUsage(Attune.Chat.ModelRole.Subject, "openai:subject", 5, 5, 1_000_000, 1_000_000),
            new RoleUsage(Attune.Chat.ModelRole.Judge, "openai:judge", 2, 2, 100_000, 50_000),
            new RoleUsage(Attune.Chat.ModelRole.User, "openai:unpriced", 2, 2, 100_000, 50_000),
        ], 0);
        // hand computation: subject 1 + 2 = 3; judge 0.1 × 10 + 0.05 × 20 = 2; the unpriced user adds nothing
        Assert.Equal(5.0, table.CostOf(usage)!.Value, 12);
        Assert.Null(PriceTable.Load(path + ".missing").CostOf(usage));
    }

    [Fact]
    public void Malformed_table_names_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-prices-").FullName, "prices.json");
        File.WriteAllText(path, "{\"openai:x\": {\"input\": \"cheap\"}}");
        Assert.Contains(path, Assert.Throws<InputException>(() => PriceTable.Load(path)).Message, StringComparison.Ordinal);
    }
}
