using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Orchestrator.Storage.Rows;

/// <summary>
/// Reads rows into the storage records for the server providers (PostgreSQL, SQL Server): snake_case columns to
/// PascalCase properties, times as DateTimeOffset in UTC (timestamptz arrives as a UTC DateTime, datetimeoffset as a
/// DateTimeOffset), without Dapper's process-wide type maps, which the SQLite provider configures for its own text
/// instants. Dapper still binds the parameters.
/// </summary>
public static class DbRows
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, object? param = null, DbTransaction? tx = null)
        where T : new()
    {
        await using var reader = await connection.ExecuteReaderAsync(sql, param, tx).ConfigureAwait(false);
        return await ReadAsync<T>(reader).ConfigureAwait(false);
    }

    /// <summary>The rows of the reader's current result (of a batch, say), read to its end.</summary>
    public static async Task<List<T>> ReadAsync<T>(DbDataReader reader)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(reader);
        var properties = Properties.GetOrAdd(typeof(T), Index);
        var columns = Enumerable.Range(0, reader.FieldCount)
            .Select(i => properties.GetValueOrDefault(reader.GetName(i).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant()))
            .ToArray();
        var rows = new List<T>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(Read<T>(reader, columns));
        }

        return rows;
    }

    public static async Task<T?> SingleOrDefaultAsync<T>(DbConnection connection, string sql, object? param = null, DbTransaction? tx = null)
        where T : class, new()
    {
        var rows = await QueryAsync<T>(connection, sql, param, tx).ConfigureAwait(false);
        return rows.Count switch
        {
            0 => null,
            1 => rows[0],
            _ => throw new InvalidOperationException($"expected at most one row, got {rows.Count}"),
        };
    }

    private static T Read<T>(DbDataReader reader, PropertyInfo?[] columns)
        where T : new()
    {
        var row = new T();
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i] is { } property && !reader.IsDBNull(i))
            {
                property.SetValue(row, Convert(reader.GetValue(i), property.PropertyType));
            }
        }

        return row;
    }

    private static object Convert(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            DateTimeOffset at when target == typeof(DateTimeOffset) => at.ToUniversalTime(),
            DateTime at when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            _ when target.IsInstanceOfType(value) => value,
            _ => System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
        };
    }

    private static Dictionary<string, PropertyInfo> Index(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name.ToUpperInvariant(), StringComparer.Ordinal);
}
