using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// The applied-effects ledger as a table of the world's SQLite file (world_effects), seen from inside one update's
/// transaction: looked up by its key only (procedure, step, generation, kind, node, target — the primary key), written
/// by <see cref="Flush"/> in the same transaction as the update's state change, trimmed by age in bounded batches
/// (<see cref="EffectLedgerRetention"/>). fencing_token is the highest claim token accepted for the effect (issue 12; null
/// when applied without a claim), raised by a replay under a newer claim.
/// Entries still found in an old document (<see cref="WorldState.AppliedEffects"/>) count as recorded and move to the
/// table on the next flush.
/// </summary>
internal sealed class SqliteEffectLedger : IEffectLedger
{
    public const string Schema =
        """
        CREATE TABLE IF NOT EXISTS world_effects (
            procedure_id INTEGER NOT NULL,
            step INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            kind TEXT NOT NULL,
            node TEXT NOT NULL,
            target TEXT NOT NULL,
            fencing_token INTEGER NULL,
            applied_at INTEGER NOT NULL,
            PRIMARY KEY (procedure_id, step, generation, kind, node, target)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS world_effects_by_age ON world_effects (applied_at);
        """;

    private const string AcceptedTokenSql =
        """
        SELECT COALESCE(fencing_token, 0) FROM world_effects WHERE procedure_id = @ProcedureId AND step = @Step
            AND generation = @Generation AND kind = @Kind AND node = @Node AND target = @Target;
        """;

    private const string AcceptSql =
        """
        UPDATE world_effects SET fencing_token = @FencingToken WHERE procedure_id = @ProcedureId AND step = @Step
            AND generation = @Generation AND kind = @Kind AND node = @Node AND target = @Target
            AND COALESCE(fencing_token, 0) < @FencingToken;
        """;

    private const string InsertSql =
        """
        INSERT OR IGNORE INTO world_effects (procedure_id, step, generation, kind, node, target, fencing_token, applied_at)
        VALUES (@ProcedureId, @Step, @Generation, @Kind, @Node, @Target, NULLIF(@FencingToken, 0), @AppliedAt);
        """;

    private const string TrimSql =
        """
        DELETE FROM world_effects WHERE (procedure_id, step, generation, kind, node, target) IN (
            SELECT procedure_id, step, generation, kind, node, target FROM world_effects
            WHERE applied_at < @cutoff ORDER BY applied_at LIMIT @batch);
        """;

    private const string AnyOlderSql = "SELECT 1 FROM world_effects WHERE applied_at < @cutoff LIMIT 1;";

    private readonly WorldCommands commands;
    private readonly WorldState state;
    private readonly Dictionary<string, AppliedEffectRecord> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenRow> accepted = new(StringComparer.Ordinal);

    public SqliteEffectLedger(WorldCommands commands, WorldState state)
    {
        this.commands = commands;
        this.state = state;
    }

    public long? AcceptedToken(EffectKey key, EffectKind kind, string node, string target)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ledgerKey = AppliedEffectRecord.LedgerKey(key, kind, node, target);
        if (RecordOf(ledgerKey) is { } record)
        {
            return record.FencingToken;
        }

        var stored = (long?)commands.Scalar(AcceptedTokenSql, Identity(key, kind, node, target, 0).Parameters());
        return stored is { } token && accepted.TryGetValue(ledgerKey, out var raised) ? StaleClaimRule.Accepted(raised.FencingToken, token) : stored;
    }

    public void Accept(EffectKey key, EffectKind kind, string node, string target)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ledgerKey = AppliedEffectRecord.LedgerKey(key, kind, node, target);
        if (RecordOf(ledgerKey) is { } record)
        {
            record.FencingToken = StaleClaimRule.Accepted(key.FencingToken, record.FencingToken);
            return;
        }

        accepted[ledgerKey] = Identity(key, kind, node, target, key.FencingToken);
    }

    public void Record(AppliedEffectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        pending[record.LedgerKey()] = record;
    }

    /// <summary>
    /// Writes what this update recorded (and any entries left in the document, which leave it), then trims at most a
    /// batch of rows older than the retention allows; inside the update's transaction.
    /// </summary>
    public void Flush(EffectLedgerRetention retention)
    {
        foreach (var record in state.AppliedEffects.Values.Concat(pending.Values))
        {
            commands.Execute(InsertSql, Row(record));
        }

        state.AppliedEffects.Clear();
        foreach (var raised in accepted.Values)
        {
            commands.Execute(AcceptSql, raised.Parameters());
        }

        accepted.Clear();
        if (pending.Count > 0)
        {
            var newest = pending.Values.Max(r => r.AppliedAt);
            var cutoff = retention.CutoffFor(newest).UtcTicks;

            // The trim itself costs ~50 µs even with nothing to trim (SQLite plans the row-value IN on the whole key);
            // whether anything is old enough is one seek on the age index.
            if (commands.Scalar(AnyOlderSql, ("@cutoff", cutoff)) is not null)
            {
                commands.Execute(TrimSql, ("@cutoff", cutoff), ("@batch", retention.BatchSize));
            }
        }

        pending.Clear();
    }

    /// <summary>An applied record of this update, or one still in the old document; null when only the table may hold it.</summary>
    private AppliedEffectRecord? RecordOf(string ledgerKey) =>
        pending.TryGetValue(ledgerKey, out var record) || state.AppliedEffects.TryGetValue(ledgerKey, out record) ? record : null;

    private static TokenRow Identity(EffectKey key, EffectKind kind, string node, string target, long token) =>
        new(key.ProcedureId, key.Step, key.Generation, kind.ToString(), node, target, token);

    private static (string, object?)[] Row(AppliedEffectRecord record)
    {
        var key = record.ParseKey();
        return
        [
            .. new TokenRow(key.ProcedureId, key.Step, key.Generation, record.Kind.ToString(), record.Node, record.Target, record.FencingToken).Parameters(),
            ("@AppliedAt", record.AppliedAt.UtcTicks),
        ];
    }

    /// <summary>One effect's identity (the table's primary key) with a token: the parameters of a lookup or a raise.</summary>
    private sealed record TokenRow(long ProcedureId, int Step, int Generation, string Kind, string Node, string Target, long FencingToken)
    {
        public (string, object?)[] Parameters() =>
        [
            ("@ProcedureId", ProcedureId), ("@Step", Step), ("@Generation", Generation), ("@Kind", Kind), ("@Node", Node),
            ("@Target", Target), ("@FencingToken", FencingToken),
        ];
    }
}
