using System.Text.Json;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The audit rows of a replica-list update: one per state change, linked to the move that started it.</summary>
public static class ReplicaUpdateAudit
{
    public const string Kind = "replica-list-update";

    /// <summary>The actor of the transitions the orchestrator makes by itself (planned, completed, superseded).</summary>
    public const string System = "orchestrator";

    public static NewAuditEntry Entry(
        ReplicaUpdateRecord u, string? from, string to, string trigger, string actor, string reason, DateTimeOffset at, object? extra = null)
    {
        ArgumentNullException.ThrowIfNull(u);
        var data = new Dictionary<string, object?>
        {
            ["update"] = u.Id, ["fromServer"] = u.FromServer, ["toServer"] = u.ToServer,
            ["total"] = u.Total, ["done"] = u.Done, ["changed"] = u.Changed, ["failed"] = u.Failed,
        };
        if (extra is not null)
        {
            data["details"] = extra;
        }

        return new NewAuditEntry(at, u.ProcedureId, Kind, u.Hierarchy, from, to, trigger, actor, reason, JsonSerializer.Serialize(data), $"{u.FromServer} → {u.ToServer}");
    }

    /// <summary>The refusal when the hierarchy (or, when null, any hierarchy) has had no replica-list update.</summary>
    public static Engine.Errors.BadInputException NoUpdate(string? hierarchy) => new(hierarchy is null
        ? "no replica-list update has run yet; one starts after a move when update-replica-list is true"
        : $"no replica-list update of hierarchy '{hierarchy}'; one starts after a move when update-replica-list is true (see `orchestrator status`)");

    /// <summary>"replica-list update #3 (node1 → node2)".</summary>
    public static string Name(ReplicaUpdateRecord u) => $"replica-list update #{u.Id} ({u.FromServer} → {u.ToServer})";
}
