using System.Data;
using Microsoft.Data.SqlClient;

namespace Orchestrator.Storage.SqlServer;

/// <summary>Begins a transaction as the stores use it: a <see cref="SqlTransaction"/>, READ COMMITTED unless asked otherwise.</summary>
internal static class SqlTransactions
{
    public static async Task<SqlTransaction> BeginAsync(
        this SqlConnection connection, CancellationToken cancellationToken, IsolationLevel level = IsolationLevel.ReadCommitted) =>
        (SqlTransaction)await connection.BeginTransactionAsync(level, cancellationToken).ConfigureAwait(false);
}
