using System.Globalization;
using System.Text;

namespace Attune.Storage;

/// <summary>
/// Reads PostgreSQL's password file (<c>PGPASSFILE</c>, else <c>~/.pgpass</c>): lines of
/// <c>hostname:port:database:username:password</c>, <c>*</c> matching anything and <c>\:</c>/<c>\\</c> escaped; the
/// first matching line wins. A missing or unreadable file gives no password.
/// </summary>
internal static class PasswordFile
{
    public static string? Lookup(string host, int port, string database, string username, Func<string, string?> environment)
    {
        var path = environment("PGPASSFILE");
        if (string.IsNullOrEmpty(path))
        {
            var home = environment("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) return null;
            path = Path.Combine(home, ".pgpass");
        }
        string[] lines;
        try
        {
            if (!File.Exists(path)) return null;
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var wanted = new[] { host, port.ToString(CultureInfo.InvariantCulture), database, username };
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = Split(line);
            if (fields.Count != 5) continue;
            bool match = true;
            for (int i = 0; i < 4 && match; i++)
            {
                match = fields[i] == "*" || string.Equals(fields[i], wanted[i], StringComparison.Ordinal)
                    || (i == 0 && fields[i] == "localhost" && wanted[i] is "127.0.0.1" or "::1");
            }
            if (match) return fields[4];
        }
        return null;
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length) current.Append(line[++i]);
            else if (line[i] == ':' && fields.Count < 4)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else current.Append(line[i]);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
