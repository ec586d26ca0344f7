using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Storage.Audit;

/// <summary>The hash chain of the journal: each row's hash covers its content and the previous row's hash.</summary>
public static class AuditHasher
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// SHA-256 over the canonical encoding: every field in a fixed order, UTF-8, separated by U+001F (unit
    /// separator), times as ISO-8601 UTC, absent values empty; the node(s), when present, last (so rows written before
    /// the column existed hash as they did).
    /// </summary>
    public static string Hash(NewAuditEntry e, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        var canonical = string.Join('\u001f',
            e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            e.ProcedureId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Kind, e.Hierarchy ?? "", e.FromState ?? "", e.ToState ?? "",
            e.Trigger, e.Actor, e.Reason, e.Data ?? "", prevHash);
        if (e.Nodes is not null)
        {
            canonical += "\u001fnodes:" + e.Nodes;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Hash(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Hash(
            new NewAuditEntry(e.At, e.ProcedureId, e.Kind, e.Hierarchy, e.FromState, e.ToState, e.TriggerName, e.Actor, e.Reason, e.Data, e.Nodes),
            e.PrevHash);
    }
}
