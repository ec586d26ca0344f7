using Npgsql;
using NpgsqlTypes;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// Builds an <see cref="NpgsqlBatch"/>: several statements sent in one round trip (without an explicit transaction they
/// run as one implicit transaction: the first error ends it and nothing is changed). Parameters are typed, so the batch
/// can be prepared (<see cref="NpgsqlBatch.PrepareAsync"/>: once per pooled connection and statement).
/// </summary>
internal static class PgBatch
{
    /// <summary>The SQLSTATE of <c>expect_rows</c> (db/postgres/0005): a write did not change the rows it had to.</summary>
    public const string Refused = "OR001";

    public static NpgsqlBatchCommand Add(this NpgsqlBatch batch, string sql)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        return command;
    }

    public static NpgsqlBatchCommand With(this NpgsqlBatchCommand command, string name, NpgsqlDbType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    /// <summary>An instant as stored (UTC, microseconds; see <see cref="PgInstant"/>).</summary>
    public static NpgsqlBatchCommand WithInstant(this NpgsqlBatchCommand command, string name, DateTimeOffset? at) =>
        command.With(name, NpgsqlDbType.TimestampTz, at is { } value ? PgInstant.Stored(value).UtcDateTime : null);

    /// <summary>
    /// <paramref name="write"/> (a statement with RETURNING) must change exactly one row, else <c>expect_rows</c> raises
    /// <see cref="Refused"/> under <paramref name="name"/>, the constraint name the caller maps (<see cref="IsRefusal"/>).
    /// </summary>
    public static string ExpectOne(string write, string name) =>
        $"WITH written AS ({write} RETURNING 1) SELECT expect_rows((SELECT count(*) FROM written), 1, '{name}')";

    /// <summary>The refusal <c>expect_rows</c> raised under <paramref name="name"/>.</summary>
    public static bool IsRefusal(this PostgresException e, string name) =>
        e.SqlState == Refused && string.Equals(e.ConstraintName, name, StringComparison.Ordinal);
}
