using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// Checks, without changing a byte, that a file is a usable SQLite database: cheaply at every start
/// (<see cref="EnsureUsable"/>: its header and its schema, whatever its size) and fully on demand
/// (<see cref="EnsureIntact"/>: <c>PRAGMA quick_check</c>, a scan of every page, for <c>orchestrator db check</c>).
/// </summary>
public static class SqliteFileCheck
{
    private const string Fix = "restore it from a backup, or move it aside and re-apply the cluster definition";

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    /// <summary>
    /// The start-up check: the 100-byte header (magic, page size) and the schema (read through SQLite). Throws a
    /// <see cref="StorageException"/> naming the file and the fix; a missing or empty file passes (its caller judges it).
    /// </summary>
    public static void EnsureUsable(string path, string what)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }

        if (HeaderProblem(path) is { } problem)
        {
            throw new StorageException($"{what} {path} is not a usable SQLite database ({problem}); {Fix}");
        }

        try
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA schema_version; SELECT count(*) FROM sqlite_master;";
            command.ExecuteScalar();
        }
        catch (SqliteException e)
        {
            throw new StorageException($"{what} {path} is not a usable SQLite database ({e.Message}); {Fix}", e);
        }
    }

    /// <summary>
    /// The full check (every page): throws a <see cref="DamagedDatabaseException"/> whose message is one line (the first
    /// problem and how many more) and whose report is the check's whole text; a missing file passes.
    /// </summary>
    public static void EnsureIntact(string path, string what)
    {
        EnsureUsable(path, what);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }

        var lines = new List<string>();
        try
        {
            using var connection = Open(path);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lines.AddRange(reader.GetString(0).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }
        catch (SqliteException e)
        {
            lines.Add(e.Message);
        }

        if (lines is ["ok"])
        {
            return;
        }

        var problems = lines.Where(l => !l.StartsWith("***", StringComparison.Ordinal)).ToList();
        var first = problems.FirstOrDefault() ?? string.Join(' ', lines);
        var more = problems.Count > 1 ? $", and {problems.Count - 1} more line(s)" : "";
        throw new DamagedDatabaseException(
            $"{what} {path} is damaged ({Flatten(first)}{more}); {Fix}",
            $"PRAGMA quick_check of {path}:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, lines)}");
    }

    /// <summary>What is wrong with the file's 100-byte header, or null: the magic string and a page size SQLite can have.</summary>
    private static string? HeaderProblem(string path)
    {
        var header = new byte[100];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length)
        {
            return $"{read} bytes: shorter than the 100-byte header of a SQLite file";
        }

        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return "its header does not start with \"SQLite format 3\"";
        }

        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16, 2));
        var size = pageSize == 1 ? 65536 : pageSize;
        return size is >= 512 and <= 65536 && (size & (size - 1)) == 0 ? null : $"its header gives an impossible page size, {pageSize}";
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite, // not ReadOnly: a read-only WAL reader leaves -wal/-shm files behind
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static string Flatten(string text) => text.ReplaceLineEndings(" ");
}
