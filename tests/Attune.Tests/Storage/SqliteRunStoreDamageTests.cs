using Attune.Chat;
using Attune.Storage;

namespace Attune.Tests.Storage;

public class SqliteRunStoreDamageTests
{
    [Fact]
    public async Task A_damaged_store_is_refused_before_any_write_and_left_as_it_was()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-damage-").FullName, "attune.db");
        using (var store = SqliteRunStore.Open(path))
        {
            var (run, _) = await store.StartOrResumeAsync(new RunDefinition("eq", "x", "h", "{}", [new RoleBinding(ModelRole.Subject, "openai:m", "http://e/v1")]));
            for (int i = 0; i < 400; i++)
            {
                await store.SaveResponseAsync(new NewResponse(run.Id, $"t/{i}", ModelRole.Subject, 1, 1, $"k{i}", "openai:m", "http://e/v1", $"m{i}", "[\"" + new string('x', 200) + "\"]",
                    0.5, 60, new string('y', 300), "stop", 1, 1, 1));
            }
        }
        // overwrite the middle of the file (b-tree pages of the responses table) with garbage
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 8 * 4096, $"the store is {bytes.Length} bytes");
        for (int i = 5 * 4096; i < 7 * 4096; i++) bytes[i] = 0xA5;
        await File.WriteAllBytesAsync(path, bytes);
        var ex = Assert.Throws<InputException>(() => SqliteRunStore.Open(path));
        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }
}
