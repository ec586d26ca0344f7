using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// Whether the world's SQLite file was written since it was last asked, by any connection of any process: SQLite's
/// <c>PRAGMA data_version</c> on a connection of its own that only ever asks that (it changes whenever another connection
/// commits). The mark it returns goes up whenever the file's data version changed, and when its connection had to be
/// opened again (a new connection starts a new series), so an equal mark means nothing was committed in between.
/// </summary>
internal sealed class SqliteWorldChangeMark(string filePath) : IDisposable
{
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = filePath,
        Mode = SqliteOpenMode.ReadWrite, // never creates the file; never writes it
        Pooling = false, // its own connection: a pooled one would be shared with writers, whose own commits it does not count
        DefaultTimeout = (int)SqliteWorldStateStore.BusyTimeout.TotalSeconds,
    }.ToString();

    private readonly SemaphoreSlim gate = new(1, 1);
    private SqliteConnection? connection;
    private long lastVersion;
    private long mark;

    /// <summary>The current mark; null when the file cannot be asked (not created yet, or an error: asked again next time).</summary>
    public async Task<long?> ReadAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection is null)
            {
                if (!File.Exists(filePath))
                {
                    return null;
                }

                var opened = new SqliteConnection(connectionString);
                try
                {
                    await opened.OpenAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await opened.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                connection = opened;
                mark++; // a new series: never equal to a mark of the connection before
                lastVersion = await VersionAsync(opened, cancellationToken).ConfigureAwait(false);
                return mark;
            }

            var version = await VersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (version != lastVersion)
            {
                lastVersion = version;
                mark++;
            }

            return mark;
        }
        catch (SqliteException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                connection = null;
            }

            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Closes the mark's connection (waiting for a read in flight); a later read opens another, in a new series.</summary>
    public void Dispose()
    {
        gate.Wait();
        try
        {
            connection?.Dispose();
            connection = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<long> VersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
