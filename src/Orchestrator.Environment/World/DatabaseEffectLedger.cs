using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// The applied-effects ledger in a database world's world.world_effects, seen from inside one update's transaction: the
/// same rules as SQLite's ledger (looked up by its primary key, written by <see cref="Flush"/> in the update's
/// transaction, trimmed by age in bounded batches; fencing_token the highest claim token accepted, raised by a replay
/// under a newer claim, and <see cref="StaleClaimRule"/> deciding which token stays). A provider gives its dialect's
/// insert-unless-present and bounded trim.
/// </summary>
public abstract class DatabaseEffectLedger(IWorldStatements statements) : IEffectLedger
{
    /// <summary>One effect's identity: the table's primary key.</summary>
    public const string Identity =
        "procedure_id = @ProcedureId AND step = @Step AND generation = @Generation AND kind = @Kind AND node = @Node AND target = @Target";

    public const string AcceptedTokenSql = $"SELECT COALESCE(fencing_token, 0) FROM world.world_effects WHERE {Identity};";

    public const string AcceptSql =
        $"UPDATE world.world_effects SET fencing_token = @FencingToken WHERE {Identity} AND COALESCE(fencing_token, 0) < @FencingToken;";

    /// <summary>Inserts one effect (parameters as <see cref="AcceptSql"/>'s plus @AppliedAt), doing nothing when it is there.</summary>
    protected abstract string InsertStatement { get; }

    /// <summary>Deletes at most @batch rows applied before @cutoff, oldest first.</summary>
    protected abstract string TrimStatement { get; }

    private readonly Dictionary<string, AppliedEffectRecord> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenRow> accepted = new(StringComparer.Ordinal);

    public long? AcceptedToken(EffectKey key, EffectKind kind, string node, string target)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ledgerKey = AppliedEffectRecord.LedgerKey(key, kind, node, target);
        if (pending.TryGetValue(ledgerKey, out var record))
        {
            return record.FencingToken;
        }

        var stored = (long?)statements.Scalar(AcceptedTokenSql, Row(key, kind, node, target, 0).Parameters());
        return stored is { } token && accepted.TryGetValue(ledgerKey, out var raised) ? StaleClaimRule.Accepted(raised.FencingToken, token) : stored;
    }

    public void Accept(EffectKey key, EffectKind kind, string node, string target)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ledgerKey = AppliedEffectRecord.LedgerKey(key, kind, node, target);
        if (pending.TryGetValue(ledgerKey, out var record))
        {
            record.FencingToken = StaleClaimRule.Accepted(key.FencingToken, record.FencingToken);
            return;
        }

        accepted[ledgerKey] = Row(key, kind, node, target, key.FencingToken);
    }

    public void Record(AppliedEffectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        pending[record.LedgerKey()] = record;
    }

    /// <summary>Writes what this update recorded and raised, then trims at most a batch of rows older than the retention allows.</summary>
    public void Flush(EffectLedgerRetention retention)
    {
        foreach (var record in pending.Values)
        {
            var key = record.ParseKey();
            statements.Execute(
                InsertStatement,
                [.. new TokenRow(key.ProcedureId, key.Step, key.Generation, record.Kind.ToString(), record.Node, record.Target, record.FencingToken).Parameters(),
                    ("@AppliedAt", record.AppliedAt.UtcTicks)]);
        }

        foreach (var raised in accepted.Values)
        {
            statements.Execute(AcceptSql, raised.Parameters());
        }

        if (pending.Count > 0)
        {
            var cutoff = retention.CutoffFor(pending.Values.Max(r => r.AppliedAt)).UtcTicks;
            statements.Execute(TrimStatement, ("@cutoff", cutoff), ("@batch", retention.BatchSize));
        }

        pending.Clear();
        accepted.Clear();
    }

    private static TokenRow Row(EffectKey key, EffectKind kind, string node, string target, long token) =>
        new(key.ProcedureId, key.Step, key.Generation, kind.ToString(), node, target, token);

    /// <summary>One effect's identity (the table's primary key) with a token: the parameters of a lookup, a raise or an insert.</summary>
    private sealed record TokenRow(long ProcedureId, int Step, int Generation, string Kind, string Node, string Target, long FencingToken)
    {
        public (string, object?)[] Parameters() =>
        [
            ("@ProcedureId", ProcedureId), ("@Step", Step), ("@Generation", Generation), ("@Kind", Kind), ("@Node", Node),
            ("@Target", Target), ("@FencingToken", FencingToken),
        ];
    }
}
