using System.Globalization;
using Microsoft.Data.Sqlite;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Writes a realistic journal of N rows straight into a product database (through the migrations' schema, with a valid
/// hash chain): 20 hierarchies, procedures of 30 rows each, a row every 30 s from 2026-01-01.
/// </summary>
internal static class AuditRowsGenerator
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    public const int Hierarchies = 20;

    private static readonly string[] Kinds = ["switchover", "failover", "failback", "rolling-update"];

    public static string HierarchyName(int i) => $"exch{i + 1:D2}";

    public static void Write(string databasePath, int rows)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false");
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText =
            """
            INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes)
            VALUES ($at, $procedure, $kind, $hierarchy, $from, $to, $trigger, $actor, $reason, NULL, $prev, $hash, $nodes)
            """;
        var p = new[] { "$at", "$procedure", "$kind", "$hierarchy", "$from", "$to", "$trigger", "$actor", "$reason", "$prev", "$hash", "$nodes" }
            .ToDictionary(n => n, n => insert.Parameters.Add(n, SqliteType.Text));
        var prev = AuditHasher.Genesis;
        for (var i = 0; i < rows; i++)
        {
            var procedure = i / 30 + 1;
            var hierarchy = HierarchyName(procedure % Hierarchies);
            var kind = Kinds[procedure % Kinds.Length];
            var step = i % 30;
            var at = Start + Every * i;
            var (from, to) = step == 0 ? ((string?)null, "Preparing") : step == 29 ? ("BringingInService", "Completed") : ("BringingInService", "BringingInService");
            var trigger = step == 0 ? "Requested" : "StepSucceeded";
            var actor = procedure % 3 == 0 ? "monitor" : "operator-anna";
            var nodes = procedure % 2 == 0 ? "node1 → node2" : "node2 → node1";
            var reason = step == 0 ? $"{kind} of {hierarchy}: planned maintenance (benchmark row {i})" : $"done: step {step} of 29 (benchmark row {i})";
            var entry = new NewAuditEntry(at, procedure, kind, hierarchy, from, to, trigger, actor, reason, null, nodes);
            var hash = AuditHasher.Hash(entry, prev);
            p["$at"].Value = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            p["$procedure"].Value = procedure;
            p["$kind"].Value = kind;
            p["$hierarchy"].Value = hierarchy;
            p["$from"].Value = (object?)from ?? DBNull.Value;
            p["$to"].Value = to;
            p["$trigger"].Value = trigger;
            p["$actor"].Value = actor;
            p["$reason"].Value = reason;
            p["$prev"].Value = prev;
            p["$hash"].Value = hash;
            p["$nodes"].Value = nodes;
            insert.ExecuteNonQuery();
            prev = hash;
        }

        tx.Commit();
    }
}
