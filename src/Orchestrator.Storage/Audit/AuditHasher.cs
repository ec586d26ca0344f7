using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Storage.Audit;

/// <summary>The hash chain of the journal: each row's hash covers its content and the previous row's hash.</summary>
public static class AuditHasher
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(NewAuditEntry e, string prevHash)
    {
        var canonical = string.Join('\u001f',
            e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            e.ProcedureId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Kind, e.Hierarchy ?? "", e.FromState ?? "", e.ToState ?? "",
            e.Trigger, e.Actor, e.Reason, e.Data ?? "", prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Hash(AuditEntry e) => Hash(
        new NewAuditEntry(e.At, e.ProcedureId, e.Kind, e.Hierarchy, e.FromState, e.ToState, e.TriggerName, e.Actor, e.Reason, e.Data),
        e.PrevHash);
}
