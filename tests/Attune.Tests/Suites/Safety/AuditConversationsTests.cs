using System.Text;
using Attune.Suites.Safety;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Suites.Safety;

/// <summary>Reading the conversations an audit judges: JSON Lines and JSON array files, each conversation read again by itself.</summary>
public class AuditConversationsTests
{
    private static string Conversation(string id, string user, string assistant)
        => $"{{\"id\": \"{id}\", \"messages\": [{{\"role\": \"system\", \"content\": \"be kind\"}}, {{\"role\": \"user\", \"content\": \"{user}\"}}, {{\"role\": \"assistant\", \"content\": \"{assistant}\"}}]}}";

    private static string Write(string text, bool bom)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-audit-").FullName, "conversations.json");
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Every_conversation_reads_back_by_id_with_its_user_and_assistant_messages(bool array, bool bom)
    {
        // the third conversation holds a nested bracket, an escaped quote and a non-ASCII character, so a byte range that
        // is off by one anywhere would not parse or would read back different text
        string[] conversations =
        [
            Conversation("a", "hello", "hi there"),
            Conversation("b", "I feel low", "I'm sorry [really] to hear that"),
            Conversation("c", "she said \\\"fine\\\"", "Ça va? Tell me more."),
        ];
        var text = array ? "[\n  " + string.Join(",\n  ", conversations) + "\n]\n" : string.Join("\n", conversations) + "\n";
        var file = AuditConversations.Load(Write(text, bom), skipBad: false);

        Assert.Equal(["a", "b", "c"], file.Ids);
        var b = file.Read("b");
        Assert.Equal([ChatRole.User, ChatRole.Assistant], b.Select(m => m.Role));
        Assert.Equal(["I feel low", "I'm sorry [really] to hear that"], b.Select(m => m.Content));
        var c = file.Read("c");
        Assert.Equal(["she said \"fine\"", "Ça va? Tell me more."], c.Select(m => m.Content));
        Assert.Equal(["hello", "hi there"], file.Read("a").Select(m => m.Content));
    }

    [Fact]
    public void A_bad_element_of_an_array_is_skipped_and_the_others_still_read_back()
    {
        var text = "[" + Conversation("a", "one", "two") + ", 42, " + Conversation("b", "three", "four") + "]";
        var file = AuditConversations.Load(Write(text, bom: false), skipBad: true);
        Assert.Equal(["a", "b"], file.Ids);
        Assert.Single(file.Skipped);
        Assert.Equal(["three", "four"], file.Read("b").Select(m => m.Content));
    }
}
