using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// The outcome of <see cref="FailoverTargetChooser.Choose"/>: a target node with its priority, a wait, a refusal, or an anti-flapping block;
/// always with a reason in words that carries the evidence (for the audit journal).
/// </summary>
public sealed record FailoverDecision
{
    private FailoverDecision(FailoverDecisionKind kind, string? node, int? priority, string reason)
    {
        Kind = kind;
        Node = node;
        Priority = priority;
        Reason = reason;
    }

    public FailoverDecisionKind Kind { get; }

    /// <summary>The chosen node; null unless <see cref="Kind"/> is <see cref="FailoverDecisionKind.Chosen"/>.</summary>
    public string? Node { get; }

    /// <summary>The chosen node's priority in the hierarchy; null unless chosen.</summary>
    public int? Priority { get; }

    public string Reason { get; }

    [MemberNotNullWhen(true, nameof(Node), nameof(Priority))]
    public bool IsChosen => Kind == FailoverDecisionKind.Chosen;

    public static FailoverDecision Chosen(string node, int priority, string reason) =>
        new(FailoverDecisionKind.Chosen, node ?? throw new ArgumentNullException(nameof(node)), priority, Required(reason));

    public static FailoverDecision Wait(string reason) => new(FailoverDecisionKind.Wait, null, null, Required(reason));

    public static FailoverDecision Refused(string reason) => new(FailoverDecisionKind.Refused, null, null, Required(reason));

    public static FailoverDecision Blocked(string reason) => new(FailoverDecisionKind.Blocked, null, null, Required(reason));

    public override string ToString() => IsChosen ? $"{Kind} {Node} (priority {Priority}): {Reason}" : $"{Kind}: {Reason}";

    private static string Required(string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("A decision needs a reason.", nameof(reason)) : reason;
}
