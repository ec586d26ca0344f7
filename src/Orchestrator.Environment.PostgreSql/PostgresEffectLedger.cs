using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// The applied-effects ledger in PostgreSQL's world schema (<see cref="DatabaseEffectLedger"/>), in PostgreSQL's dialect.
/// The trim skips rows another commit holds (it waits on none: optimistic commits lock by effect, not the whole ledger).
/// </summary>
internal sealed class PostgresEffectLedger(PostgresWorldCommands commands) : DatabaseEffectLedger(commands)
{
    internal const string InsertSql =
        """
        INSERT INTO world.world_effects (procedure_id, step, generation, kind, node, target, fencing_token, applied_at)
        VALUES (@ProcedureId, @Step, @Generation, @Kind, @Node, @Target, NULLIF(@FencingToken, 0), @AppliedAt)
        ON CONFLICT DO NOTHING;
        """;

    internal const string TrimSql =
        """
        DELETE FROM world.world_effects WHERE ctid IN (
            SELECT ctid FROM world.world_effects WHERE applied_at < @cutoff ORDER BY applied_at LIMIT @batch FOR UPDATE SKIP LOCKED);
        """;

    protected override string InsertStatement => InsertSql;

    protected override string TrimStatement => TrimSql;
}
