using Dapper;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// The WHERE clause of an audit filter, with only the conditions asked for (so SQLite uses the indexes). A time
/// range also bounds the sequence, found through the index on <c>at</c> with a margin for rows committed slightly out
/// of time order; the exact time conditions stay, so the margin only widens the scan.
/// </summary>
internal static class AuditFilterSql
{
    /// <summary>More rows than concurrent writers could ever reorder.</summary>
    private const int OrderMargin = 1000;

    public static (string Where, DynamicParameters Parameters) Build(AuditQuery q)
    {
        var (where, values) = BuildRaw(q);
        var parameters = new DynamicParameters();
        foreach (var (name, value) in values)
        {
            parameters.Add(name, value);
        }

        return (where, parameters);
    }

    /// <summary>The clause and its parameters as plain name/value pairs (for a raw command).</summary>
    public static (string Where, List<(string Name, object Value)> Parameters) BuildRaw(AuditQuery q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var conditions = new List<string>();
        var p = new RawParameters();
        if (q.Hierarchy is { } h)
        {
            conditions.Add("hierarchy = @hierarchy COLLATE NOCASE");
            p.Add("hierarchy", h);
        }

        if (q.ProcedureId is { } id)
        {
            conditions.Add("procedure_id = @procedure");
            p.Add("procedure", id);
        }

        if (q.Kind is { } kind)
        {
            conditions.Add("kind = @kind");
            p.Add("kind", kind);
        }

        if (q.Actor is { } actor)
        {
            conditions.Add("actor = @actor COLLATE NOCASE");
            p.Add("actor", actor);
        }

        if (q.Since is { } since)
        {
            conditions.Add("at >= @since");
            conditions.Add($"id >= COALESCE((SELECT id FROM audit_log WHERE at >= @since ORDER BY at LIMIT 1), 9223372036854775807) - {OrderMargin}");
            p.Add("since", DapperConfiguration.Format(since));
        }

        if (q.Until is { } until)
        {
            conditions.Add("at < @until");
            conditions.Add($"id <= COALESCE((SELECT id FROM audit_log WHERE at < @until ORDER BY at DESC LIMIT 1), 0) + {OrderMargin}");
            p.Add("until", DapperConfiguration.Format(until));
        }

        if (q.Outcome is { } outcome)
        {
            conditions.Add(outcome.ToLowerInvariant() switch
            {
                "failed" => "trigger_name IN ('StepFailed', 'MaxWaitExceeded')",
                "waiting" => "to_state = 'WaitingForOperator'",
                _ => "to_state = @outcome COLLATE NOCASE",
            });
            p.Add("outcome", outcome);
        }

        if (q.AfterId is { } after)
        {
            conditions.Add("id > @after");
            p.Add("after", after);
        }

        return (conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions), p.Values);
    }

    /// <summary>Collects parameters with the same Add(name, value) shape as Dapper's.</summary>
    private sealed class RawParameters
    {
        public List<(string Name, object Value)> Values { get; } = [];

        public void Add(string name, object value) => Values.Add((name, value));
    }
}
