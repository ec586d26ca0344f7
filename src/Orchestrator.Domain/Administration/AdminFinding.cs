namespace Orchestrator.Domain.Administration;

/// <summary>
/// One refusal or warning of an administration rule: <paramref name="Subject"/> is the object it is about ("hierarchy exch1",
/// "node node2 of hierarchy exch1") and <paramref name="Message"/> names that object and the fix, the same words for the
/// command and for <c>cluster apply</c>.
/// </summary>
public sealed record AdminFinding(AdminFindingKind Kind, string Subject, string Message)
{
    public override string ToString() => Kind == AdminFindingKind.NeedsForce ? $"warning (needs --force): {Message}" : Message;
}
