using Microsoft.Data.Sqlite;

namespace Orchestrator.Storage.Sqlite;

/// <summary>A connection opened for a write: it holds its file's <see cref="SqliteWriteLease"/> and releases it when it closes.</summary>
internal sealed class GatedSqliteConnection(string connectionString, SqliteWriteLease lease) : SqliteConnection(connectionString)
{
    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (disposing)
            {
                lease.Dispose();
            }
        }
    }
}
