using System.Data;
using Dapper;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// An instant as a datetimeoffset(7) parameter at offset +00:00, whatever Dapper's process-wide type handlers say (the
/// SQLite provider maps DateTimeOffset to ISO text for its own columns). datetimeoffset(7) keeps .NET's 100 ns tick:
/// <see cref="Stored"/> (what reads back) is the instant itself, in UTC.
/// </summary>
internal sealed class SqlInstant(DateTimeOffset? value) : SqlMapper.ICustomQueryParameter
{
    public static SqlInstant Of(DateTimeOffset value) => new(value);

    public static SqlInstant Of(DateTimeOffset? value) => new(value);

    /// <summary>The instant as a datetimeoffset(7) column written by this provider holds it: UTC, every tick kept.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) => at.ToUniversalTime();

    public void AddParameter(IDbCommand command, string name)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = new SqlParameter(name, SqlDbType.DateTimeOffset)
        {
            Scale = 7,
            Value = value is { } at ? Stored(at) : DBNull.Value,
        };
        command.Parameters.Add(parameter);
    }
}
