using Attune.Storage;

namespace Attune.Tests.Storage;

public class PostgresLocationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) => n => vars.FirstOrDefault(v => v.Name == n).Value;

    [Theory]
    [InlineData("postgres://attune@db/attune", true)]
    [InlineData("postgresql://u:p@db:6543/x", true)]
    [InlineData("Host=db;Username=u;Database=x", true)]
    [InlineData("Database=x;Host=db", true)]
    [InlineData("/home/me/.attune/attune.db", false)]
    [InlineData("runs.db", false)]
    [InlineData("C:\\data\\a=b.db", false)]
    public void Server_locations_are_told_from_file_paths(string location, bool server)
        => Assert.Equal(server, RunStores.IsServer(location));

    [Fact]
    public void A_url_gives_host_port_database_user_and_a_decoded_password_that_never_shows()
    {
        var l = PostgresLocation.Parse("postgres://team%40corp:p%3Ass%2Fw0rd@db.example:6543/evals?sslmode=require&application_name=ci", Env());
        Assert.Equal(("db.example", 6543, "evals", "team@corp"), (l.Host, l.Port, l.Database, l.Username));
        Assert.Equal("p:ss/w0rd", l.Password);
        Assert.Equal("postgres://team@corp@db.example:6543/evals", l.Display);
        Assert.DoesNotContain("w0rd", l.Display, StringComparison.Ordinal);
        Assert.Equal(Npgsql.SslMode.Require, l.Builder.SslMode);
        Assert.Equal("ci", l.Builder.ApplicationName);
    }

    [Fact]
    public void Defaults_are_port_5432_and_a_database_named_after_the_user()
    {
        var l = PostgresLocation.Parse("postgres://attune@db", Env());
        Assert.Equal((5432, "attune", "attune"), (l.Port, l.Database, l.Username));
        Assert.Null(l.Password);
    }

    [Fact]
    public void The_password_comes_from_the_url_then_pgpassword_then_the_password_file()
    {
        var dir = Directory.CreateTempSubdirectory("attune-pgpass-").FullName;
        var file = Path.Combine(dir, "pass");
        File.WriteAllText(file, "db:5432:other:attune:wrong-db\nlocalhost:*:*:attune:loopback\ndb:5432:att\\:une:attune:escaped\n*:*:*:*:fallback\n");
        Assert.Equal("url", PostgresLocation.Parse("postgres://attune:url@db/x", Env(("PGPASSWORD", "env"))).Password);
        Assert.Equal("env", PostgresLocation.Parse("postgres://attune@db/x", Env(("PGPASSWORD", "env"), ("PGPASSFILE", file))).Password);
        Assert.Equal("escaped", PostgresLocation.Parse("postgres://attune@db/att:une", Env(("PGPASSFILE", file))).Password);
        Assert.Equal("loopback", PostgresLocation.Parse("postgres://attune@127.0.0.1/x", Env(("PGPASSFILE", file))).Password);
        Assert.Equal("fallback", PostgresLocation.Parse("postgres://attune@db/x", Env(("PGPASSFILE", file))).Password);
        Assert.Equal("fallback", PostgresLocation.Parse("postgres://attune@db/x", Env(("HOME", dir), ("PGPASSFILE", file))).Password);
        File.Copy(file, Path.Combine(dir, ".pgpass"));
        Assert.Equal("fallback", PostgresLocation.Parse("postgres://attune@db/x", Env(("HOME", dir))).Password);
    }

    [Theory]
    [InlineData("postgres://attune:pw-Secret1@db/x?color=blue", "unknown parameter \"color\"")]
    [InlineData("postgres://attune:pw-Secret1@db/x?sslmode=maybe", "sslmode")]
    [InlineData("postgres://attune:pw-Secret1@db/a/b", "one database name")]
    [InlineData("Host=db;Password=pw-Secret1;Colour=blue", "malformed")]
    public void Malformed_locations_are_bad_input_without_the_password(string location, string expected)
    {
        var ex = Assert.Throws<InputException>(() => PostgresLocation.Parse(location, Env()));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-Secret1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attune_db_names_the_default_store()
    {
        Assert.Equal("postgres://a@db/x", RunStores.DefaultLocation(Env(("ATTUNE_DB", "postgres://a@db/x"))));
        Assert.Equal(Path.Combine("/h", "attune.db"), RunStores.DefaultLocation(Env(("ATTUNE_HOME", "/h"))));
        Assert.Equal("postgres://a@db:5432/x", RunStores.Describe("postgres://a:hidden-pw@db/x"));
    }
}
