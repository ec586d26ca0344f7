using System.Data;
using Dapper;

namespace Orchestrator.Storage.Rows;

/// <summary>
/// An instant as a parameter of shared SQL, bound the way its provider binds instants (timestamptz, datetimeoffset(7),
/// ISO text), whatever Dapper's process-wide type handlers say. Null binds as NULL.
/// </summary>
public sealed class InstantParameter(DateTimeOffset? value, Action<IDbCommand, string, DateTimeOffset?> bind) : SqlMapper.ICustomQueryParameter
{
    public void AddParameter(IDbCommand command, string name) => bind(command, name, value);
}
