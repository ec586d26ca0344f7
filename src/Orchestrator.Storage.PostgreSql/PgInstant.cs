using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// An instant as a timestamptz parameter, whatever Dapper's process-wide type handlers say (the SQLite provider maps
/// DateTimeOffset to ISO text for its own columns). PostgreSQL keeps microseconds: <see cref="Stored"/> is what reads back.
/// </summary>
internal sealed class PgInstant(DateTimeOffset? value) : SqlMapper.ICustomQueryParameter
{
    public static PgInstant Of(DateTimeOffset value) => new(value);

    public static PgInstant Of(DateTimeOffset? value) => new(value);

    /// <summary>The instant as a timestamptz column holds it: UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) => Audit.AuditInstant.Normalise(at);

    public void AddParameter(IDbCommand command, string name)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = new NpgsqlParameter(name, NpgsqlDbType.TimestampTz)
        {
            Value = value is { } at ? Stored(at).UtcDateTime : DBNull.Value,
        };
        command.Parameters.Add(parameter);
    }
}
