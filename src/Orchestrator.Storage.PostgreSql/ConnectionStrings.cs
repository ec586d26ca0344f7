using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The one place that turns a connection string into something printable: every message, log line and --json that
/// names the database goes through <see cref="Redact"/>. Accepts Npgsql's key=value form and postgres:// URIs.
/// </summary>
public static partial class ConnectionStrings
{
    public const string Hidden = "***";

    private const string Unreadable = "(a connection string that could not be read)";

    /// <summary>The connection string with its password replaced by ***; nothing of a string that cannot be read.</summary>
    public static string Redact(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsUri(connection))
        {
            return UriPassword().Replace(connection, m => $"{m.Groups["head"].Value}{Hidden}@", 1);
        }

        try
        {
            var npgsql = new NpgsqlConnectionStringBuilder(connection);
            if (!string.IsNullOrEmpty(npgsql.Password))
            {
                npgsql.Password = Hidden;
            }

            return npgsql.ConnectionString;
        }
        catch (ArgumentException)
        {
            return RedactGeneric(connection);
        }
    }

    /// <summary>host:port of the database, for "database unavailable (host:port)"; "?" for what cannot be read.</summary>
    public static string Endpoint(string connection)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(ForNpgsql(connection));
            return $"{b.Host}:{b.Port}";
        }
        catch (ArgumentException)
        {
            return "?";
        }
        catch (UriFormatException)
        {
            return "?";
        }
    }

    /// <summary>Npgsql's key=value form of <paramref name="connection"/>: a postgres:// URI is converted, anything else is returned unchanged.</summary>
    public static string ForNpgsql(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!IsUri(connection))
        {
            return connection;
        }

        var uri = new Uri(connection);
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            b.Port = uri.Port;
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            b.Database = Uri.UnescapeDataString(database);
        }

        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0)
        {
            b.Username = Uri.UnescapeDataString(user[0]);
        }

        if (user.Length == 2)
        {
            b.Password = Uri.UnescapeDataString(user[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            b[Uri.UnescapeDataString(kv[0]).Replace("sslmode", "SSL Mode", StringComparison.OrdinalIgnoreCase)] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
        }

        return b.ConnectionString;
    }

    private static bool IsUri(string connection) =>
        connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Another provider's key=value string: its password or pwd hidden, or nothing shown when it cannot be read.</summary>
    private static string RedactGeneric(string connection)
    {
        try
        {
            var generic = new DbConnectionStringBuilder { ConnectionString = connection };
            foreach (var key in generic.Keys.Cast<string>().Where(k => k.Equals("password", StringComparison.OrdinalIgnoreCase) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                generic[key] = Hidden;
            }

            return generic.ConnectionString;
        }
        catch (ArgumentException)
        {
            return Unreadable;
        }
    }

    [GeneratedRegex(@"^(?<head>[a-z]+://[^:/@]*:)[^@]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UriPassword();
}
