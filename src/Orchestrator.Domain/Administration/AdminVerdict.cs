namespace Orchestrator.Domain.Administration;

/// <summary>
/// The outcome of an administration rule (issue 16): every finding, in the order the rule found them. No finding: allowed.
/// Only warnings: allowed with <c>--force</c> (S6). Any refusal: refused, whatever <c>--force</c> says.
/// </summary>
public sealed record AdminVerdict(IReadOnlyList<AdminFinding> Findings)
{
    public static AdminVerdict Allowed { get; } = new([]);

    public bool IsAllowed => Findings.Count == 0;

    public bool IsRefused => Findings.Any(f => f.Kind == AdminFindingKind.Refused);

    /// <summary>True when only S6 warnings stand in the way.</summary>
    public bool NeedsForce => !IsRefused && Findings.Count > 0;

    public IReadOnlyList<AdminFinding> Refusals => [.. Findings.Where(f => f.Kind == AdminFindingKind.Refused)];

    public IReadOnlyList<AdminFinding> Warnings => [.. Findings.Where(f => f.Kind == AdminFindingKind.NeedsForce)];

    /// <summary>Whether the change may go on, given whether the operator said <c>--force</c>.</summary>
    public bool Allows(bool force) => !IsRefused && (force || Findings.Count == 0);

    public static AdminVerdict Refused(string subject, string message) => new([new AdminFinding(AdminFindingKind.Refused, subject, message)]);

    public static AdminVerdict Warn(string subject, string message) => new([new AdminFinding(AdminFindingKind.NeedsForce, subject, message)]);

    /// <summary>The findings of both, this one's first.</summary>
    public AdminVerdict Plus(AdminVerdict other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.IsAllowed ? this : IsAllowed ? other : new AdminVerdict([.. Findings, .. other.Findings]);
    }

    public override string ToString() => IsAllowed ? "allowed" : string.Join("; ", Findings);
}
