using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Orchestrator.Environment.World;

/// <summary>
/// The statements of the world's hot path (an effect's keyed reads and writes, the ledger, the faults) on one connection,
/// run in the connection's current transaction. They are SQLite statements of the connection's handle
/// (<see cref="SqliteConnection.Handle"/>), bound by index: Microsoft.Data.Sqlite's command binds every parameter by
/// name, converting the name to UTF-8, on every execution, and wraps each run in a reader (a profile put ~25 % of an
/// effect's CPU there). With a cache (the store's kept write connection) each SQL text is prepared once and
/// reused on every later update; without one (a read's pooled connection) each call prepares and finalizes its
/// statements. Prepared statements stay valid across other processes' writes (SQLite re-prepares a statement whose
/// schema changed); rows read are kept only by the <see cref="RowCache"/> of a cached instance, checked against the
/// file's data version on each update. Parameters are passed by name; <see cref="Prepared"/> counts the
/// statement texts prepared. A failing call throws <see cref="SqliteException"/>, as the commands did.
/// </summary>
internal sealed class WorldCommands : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, WorldStatement>? cache;

    public WorldCommands(SqliteConnection connection, bool cached)
    {
        this.connection = connection;
        cache = cached ? new Dictionary<string, WorldStatement>(StringComparer.Ordinal) : null;
        RowCache = cached ? new WorldRowCache() : null;
    }

    /// <summary>The rows earlier updates on this connection read and wrote (<see cref="WorldRowCache"/>); null without a statement cache.</summary>
    public WorldRowCache? RowCache { get; }

    /// <summary>Statement texts prepared so far (a cached text is prepared once).</summary>
    public int Prepared { get; private set; }

    /// <summary>Statement texts run so far.</summary>
    public int Ran { get; private set; }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var statement = Statement(sql);
        try
        {
            var changed = 0;
            foreach (var part in statement.Parts)
            {
                var handle = part.Handle;
                try
                {
                    Bind(part, parameters);
                    int rc;
                    while ((rc = raw.sqlite3_step(handle)) == raw.SQLITE_ROW)
                    {
                    }

                    Check(rc, raw.SQLITE_DONE);
                    changed += raw.sqlite3_changes(Db);
                }
                finally
                {
                    // A statement is left reset, whatever happened: a failed one cannot be bound again otherwise.
                    raw.sqlite3_reset(handle);
                }
            }

            return changed;
        }
        finally
        {
            Release(statement);
        }
    }

    /// <summary>The first column of the first row (null when there is no row or it holds NULL): a long, double, string or byte[].</summary>
    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        object? value = null;
        Query(sql, row => value ??= row.Value(0), parameters, first: true);
        return value;
    }

    /// <summary>Every row, read by <paramref name="read"/> while it is current.</summary>
    public List<T> Query<T>(string sql, Func<WorldRow, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Query(sql, read, parameters, first: false);

    public void Dispose()
    {
        if (cache is null)
        {
            return;
        }

        foreach (var statement in cache.Values)
        {
            statement.Dispose();
        }

        cache.Clear();
    }

    private sqlite3 Db => connection.Handle ?? throw new InvalidOperationException("the world's connection is not open");

    private List<T> Query<T>(string sql, Func<WorldRow, T> read, ReadOnlySpan<(string Name, object? Value)> parameters, bool first)
    {
        var statement = Statement(sql);
        try
        {
            var rows = new List<T>();
            foreach (var part in statement.Parts)
            {
                var handle = part.Handle;
                try
                {
                    Bind(part, parameters);
                    int rc;
                    while ((rc = raw.sqlite3_step(handle)) == raw.SQLITE_ROW)
                    {
                        rows.Add(read(new WorldRow(handle)));
                        if (first)
                        {
                            return rows;
                        }
                    }

                    Check(rc, raw.SQLITE_DONE);
                }
                finally
                {
                    raw.sqlite3_reset(handle);
                }
            }

            return rows;
        }
        finally
        {
            Release(statement);
        }
    }

    private WorldStatement Statement(string sql)
    {
        Ran++;
        if (cache is not null && cache.TryGetValue(sql, out var cached))
        {
            return cached;
        }

        var statement = new WorldStatement(Db, sql);
        Prepared++;
        cache?.Add(sql, statement);
        return statement;
    }

    /// <summary>Binds the parameters the statement names (by their index, found once per statement); every one it names must be given.</summary>
    private void Bind(WorldStatement.Part part, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        // No sqlite3_clear_bindings: every parameter the statement names is bound again below (or the call throws).
        var handle = part.Handle;
        var bound = 0;
        foreach (var (name, value) in parameters)
        {
            var index = part.IndexOf(name);
            if (index == 0)
            {
                continue;
            }

            bound++;
            var rc = value switch
            {
                null or DBNull => raw.sqlite3_bind_null(handle, index),
                string text => BindText(handle, index, text),
                long number => raw.sqlite3_bind_int64(handle, index, number),
                int number => raw.sqlite3_bind_int64(handle, index, number),
                bool flag => raw.sqlite3_bind_int64(handle, index, flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(handle, index, real),
                byte[] blob => raw.sqlite3_bind_blob(handle, index, blob),
                _ => throw new ArgumentException($"parameter {name}: a {value.GetType().Name} is not bound by the world's statements", nameof(parameters)),
            };
            Check(rc, raw.SQLITE_OK);
        }

        if (bound < part.ParameterCount)
        {
            throw new InvalidOperationException($"the statement names {part.ParameterCount} parameters and {bound} were given: {part.Sql}");
        }
    }

    /// <summary>Binds a string as UTF-8 from a stack or pooled buffer (SQLite copies it).</summary>
    private static int BindText(sqlite3_stmt handle, int index, string text)
    {
        const int OnStack = 512;
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most <= OnStack)
        {
            Span<byte> small = stackalloc byte[OnStack];
            var written = Encoding.UTF8.GetBytes(text, small);
            return raw.sqlite3_bind_text(handle, index, small[..written]);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return raw.sqlite3_bind_text(handle, index, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Check(int rc, int expected)
    {
        if (rc != expected)
        {
            SqliteException.ThrowExceptionForRC(rc, Db);
            throw new SqliteException($"SQLite error {rc}", rc);
        }
    }

    private void Release(WorldStatement statement)
    {
        if (cache is null)
        {
            statement.Dispose();
        }
    }
}
