using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>The applied-effects ledger in SQL Server's world schema (<see cref="DatabaseEffectLedger"/>), in T-SQL.</summary>
internal sealed class SqlServerEffectLedger(SqlServerWorldCommands commands) : DatabaseEffectLedger(commands)
{
    internal const string InsertSql =
        $"""
        INSERT INTO world.world_effects (procedure_id, step, generation, kind, node, target, fencing_token, applied_at)
        SELECT @ProcedureId, @Step, @Generation, @Kind, @Node, @Target, NULLIF(@FencingToken, 0), @AppliedAt
        WHERE NOT EXISTS (SELECT 1 FROM world.world_effects WHERE {Identity});
        """;

    internal const string TrimSql =
        """
        WITH oldest AS (SELECT TOP (@batch) applied_at FROM world.world_effects WHERE applied_at < @cutoff ORDER BY applied_at)
        DELETE FROM oldest;
        """;

    protected override string InsertStatement => InsertSql;

    protected override string TrimStatement => TrimSql;
}
