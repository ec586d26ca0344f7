using Microsoft.Data.Sqlite;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>Damages one b-tree page of a SQLite file, leaving its header and schema readable.</summary>
public static class DamagePage
{
    /// <summary>
    /// Points the first cell of the audit table's root page past the page's end: `PRAGMA quick_check` then reports
    /// "*** in database main ***" and "... cell 0: Extends off end of page" (several lines), and reading the table fails.
    /// </summary>
    public static void BreakAuditTable(string path)
    {
        long root;
        int pageSize;
        // read-write: a read-only reader of a WAL database leaves -wal/-shm files behind
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'";
            root = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_size";
            pageSize = (int)(long)command.ExecuteScalar()!;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Seek(((root - 1) * pageSize) + 8, SeekOrigin.Begin); // a leaf's header is 8 bytes; its cell pointers follow
        file.Write([0x0f, 0xf0, 0x0f, 0xf1, 0x0f, 0xf2]);
    }
}
