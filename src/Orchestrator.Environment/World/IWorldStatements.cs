namespace Orchestrator.Environment.World;

/// <summary>
/// The synchronous statements a database world store runs inside one update's transaction (PostgreSQL's, SQL Server's):
/// what <see cref="DatabaseEffectLedger"/> needs of them.
/// </summary>
public interface IWorldStatements
{
    /// <summary>Runs a statement; the rows it changed.</summary>
    int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters);

    /// <summary>The first column of the first row (null for none or NULL).</summary>
    object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters);
}
