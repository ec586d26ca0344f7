using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>
/// The start-up check reads the header and the schema only (a damaged data page passes it, found later by the query
/// that reads it, or by <c>db check</c>); the full check reads every page and reports in one line, the full text aside.
/// </summary>
public sealed class SqliteFileCheckTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orch-filecheck-" + Guid.NewGuid().ToString("N")[..8]);

    public SqliteFileCheckTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_damaged_data_page_passes_the_start_up_check_which_reads_no_data_page()
    {
        var path = DamagedDatabase();
        var before = File.ReadAllBytes(path);

        SqliteFileCheck.EnsureUsable(path, "database");

        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_damaged_data_page_fails_the_full_check_in_one_line_with_the_whole_report_aside()
    {
        var path = DamagedDatabase();

        var error = Assert.Throws<DamagedDatabaseException>(() => SqliteFileCheck.EnsureIntact(path, "database"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("Extends off end of page", error.Message, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", error.Message, StringComparison.Ordinal);
        Assert.Contains("*** in database main ***", error.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intact_database_passes_both_checks()
    {
        var path = Path.Combine(_directory, "intact.db");
        Create(path);

        SqliteFileCheck.EnsureUsable(path, "database");
        SqliteFileCheck.EnsureIntact(path, "database");
    }

    [Theory]
    [InlineData(16, 0x03, 0x00)] // page size 768: not a power of two
    [InlineData(0, (byte)'X', (byte)'Q')] // not the SQLite magic
    public void A_header_with_a_bad_magic_or_page_size_is_refused_at_start_up(int offset, byte first, byte second)
    {
        var path = Path.Combine(_directory, "header.db");
        Create(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Seek(offset, SeekOrigin.Begin);
            file.Write([first, second]);
        }

        var error = Assert.Throws<StorageException>(() => SqliteFileCheck.EnsureUsable(path, "world"));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(offset == 0 ? "SQLite format 3" : "page size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_shorter_than_the_header_is_refused_at_start_up()
    {
        var path = Path.Combine(_directory, "short.db");
        File.WriteAllBytes(path, [.. "SQLite format 3\0"u8]);

        var error = Assert.Throws<StorageException>(() => SqliteFileCheck.EnsureUsable(path, "database"));

        Assert.Contains("100-byte header", error.Message, StringComparison.Ordinal);
    }

    private static void Create(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE rows (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO rows (text) VALUES ('a'), ('b'), ('c');";
        command.ExecuteNonQuery();
    }

    /// <summary>A database whose one table's root page has a cell pointer past the page's end.</summary>
    private string DamagedDatabase()
    {
        var path = Path.Combine(_directory, "damaged.db");
        Create(path);
        long root;
        int pageSize;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'rows'";
            root = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_size";
            pageSize = (int)(long)command.ExecuteScalar()!;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Seek(((root - 1) * pageSize) + 8, SeekOrigin.Begin);
        file.Write([0x0f, 0xf0, 0x0f, 0xf1, 0x0f, 0xf2]);
        return path;
    }
}
