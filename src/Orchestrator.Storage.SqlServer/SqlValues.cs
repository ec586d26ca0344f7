using Dapper;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// Many rows in few statements where PostgreSQL inserts from <c>unnest(arrays)</c>: <c>INSERT ... VALUES (...), (...)</c>,
/// each row's values as numbered parameters, split so that no statement passes SQL Server's limits (1,000 rows in one
/// VALUES list; 2,100 parameters in one request).
/// </summary>
internal static class SqlValues
{
    private const int MaxRows = 1000;
    private const int MaxParameters = 2000;

    /// <summary>Runs <paramref name="insert"/> (<c>INSERT INTO t (a, b, ...)</c>) with the rows' values; a value may be an <see cref="SqlInstant"/>.</summary>
    public static async Task InsertAsync(SqlConnection connection, SqlTransaction tx, string insert, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var width = rows[0].Length;
        var perStatement = Math.Max(1, Math.Min(MaxRows, MaxParameters / width));
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var chunk = rows.Skip(start).Take(perStatement).ToList();
            var parameters = new DynamicParameters();
            var tuples = new List<string>(chunk.Count);
            for (var r = 0; r < chunk.Count; r++)
            {
                var names = new string[width];
                for (var c = 0; c < width; c++)
                {
                    names[c] = $"@p{r}_{c}";
                    parameters.Add(names[c][1..], chunk[r][c]);
                }

                tuples.Add($"({string.Join(", ", names)})");
            }

            await connection.ExecuteAsync($"{insert} VALUES {string.Join(", ", tuples)}", parameters, tx).ConfigureAwait(false);
        }
    }
}
