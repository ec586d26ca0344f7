using Mediator;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Failback;

/// <summary>
/// S20: move a hierarchy back to its best live node (or the named one), never to a lower-priority node.
/// <paramref name="Automatic"/> marks the monitor's automatic switchback, which anti-flapping can block; an operator's is not blocked.
/// </summary>
public sealed record StartFailbackCommand(string Hierarchy, string? TargetNode, string Actor, string? Reason, bool Automatic = false) : ICommand<ProcedureStarted>;
