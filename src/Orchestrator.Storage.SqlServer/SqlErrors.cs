using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// SQL Server errors the stores recognise, by error number and constraint or index name. SqlClient does not expose the
/// name as a field: it is the quoted name in the error's message ("... with unique index 'ux_...'"), which every
/// language of the server quotes the same way; the number is checked first.
/// </summary>
internal static class SqlErrors
{
    public const string OneActiveProcedure = "ux_procedures_one_active_per_hierarchy";

    /// <summary>Cannot insert a duplicate key row in an object with a unique index.</summary>
    public const int UniqueIndexViolation = 2601;

    /// <summary>Violation of a PRIMARY KEY or UNIQUE constraint.</summary>
    public const int UniqueConstraintViolation = 2627;

    /// <summary>A unique violation (2601 or 2627) of the named constraint or index.</summary>
    public static bool IsUniqueViolation(this SqlException e, string constraint)
    {
        ArgumentNullException.ThrowIfNull(e);
        foreach (SqlError error in e.Errors)
        {
            if (error.Number is UniqueIndexViolation or UniqueConstraintViolation
                && error.Message.Contains($"'{constraint}'", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
