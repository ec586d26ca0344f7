using Npgsql;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>PostgreSQL errors the stores recognise, by SQLSTATE and constraint name (never by message text).</summary>
internal static class PgErrors
{
    public const string OneActiveProcedure = "ux_procedures_one_active_per_hierarchy";

    /// <summary>A unique violation (23505) of the named constraint or index.</summary>
    public static bool IsUniqueViolation(this PostgresException e, string constraint) =>
        e.SqlState == PostgresErrorCodes.UniqueViolation && string.Equals(e.ConstraintName, constraint, StringComparison.Ordinal);
}
