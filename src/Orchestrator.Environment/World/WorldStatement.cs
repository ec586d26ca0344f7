using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Orchestrator.Environment.World;

/// <summary>
/// One SQL text of <see cref="WorldCommands"/> prepared on a connection's handle: one SQLite statement per statement of
/// the text (<see cref="Parts"/>), each with its parameters' indexes, found by name once. Disposing finalizes them.
/// </summary>
internal sealed class WorldStatement : IDisposable
{
    public WorldStatement(sqlite3 db, string sql)
    {
        var parts = new List<Part>();
        try
        {
            var rest = sql;
            while (!string.IsNullOrWhiteSpace(rest))
            {
                var rc = raw.sqlite3_prepare_v2(db, rest, out var handle, out var tail);
                if (rc != raw.SQLITE_OK)
                {
                    handle?.Dispose();
                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                if (handle is null || handle.IsInvalid)
                {
                    // Only a comment or whitespace was left.
                    handle?.Dispose();
                    break;
                }

                parts.Add(new Part(handle, rest[..(rest.Length - (tail?.Length ?? 0))]));
                rest = tail;
            }
        }
        catch
        {
            parts.ForEach(p => p.Handle.Dispose());
            throw;
        }

        Parts = [.. parts];
    }

    /// <summary>The prepared statements, in the text's order.</summary>
    public Part[] Parts { get; }

    public void Dispose()
    {
        foreach (var part in Parts)
        {
            part.Handle.Dispose();
        }
    }

    /// <summary>One prepared statement, its text and its parameters' indexes.</summary>
    public sealed class Part(sqlite3_stmt handle, string sql)
    {
        private readonly Dictionary<string, int> indexes = new(StringComparer.Ordinal);

        public sqlite3_stmt Handle { get; } = handle;

        public string Sql { get; } = sql;

        /// <summary>The number of distinct parameters the statement names.</summary>
        public int ParameterCount { get; } = raw.sqlite3_bind_parameter_count(handle);

        /// <summary>The parameter's index (1-based), or 0 when the statement does not name it.</summary>
        public int IndexOf(string name)
        {
            if (!indexes.TryGetValue(name, out var index))
            {
                index = raw.sqlite3_bind_parameter_index(Handle, name);
                indexes[name] = index;
            }

            return index;
        }
    }
}
