using SQLitePCL;

namespace Orchestrator.Environment.World;

/// <summary>The current row of a <see cref="WorldCommands"/> query, valid only while the reader delegate runs.</summary>
internal readonly struct WorldRow
{
    private readonly sqlite3_stmt handle;

    public WorldRow(sqlite3_stmt handle)
    {
        this.handle = handle;
    }

    public bool IsDBNull(int column) => raw.sqlite3_column_type(handle, column) == raw.SQLITE_NULL;

    public string GetString(int column) => raw.sqlite3_column_text(handle, column).utf8_to_string();

    public long GetInt64(int column) => raw.sqlite3_column_int64(handle, column);

    /// <summary>The column as a long, double, string or byte[]; null for NULL.</summary>
    public object? Value(int column) => raw.sqlite3_column_type(handle, column) switch
    {
        raw.SQLITE_INTEGER => GetInt64(column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(handle, column),
        raw.SQLITE_TEXT => GetString(column),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(handle, column).ToArray(),
        _ => null,
    };
}
