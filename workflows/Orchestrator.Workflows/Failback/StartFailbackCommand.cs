using Mediator;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Failback;

/// <summary>S20: move a hierarchy back to its best live node (or the named one), never to a lower-priority node.</summary>
public sealed record StartFailbackCommand(string Hierarchy, string? TargetNode, string Actor, string? Reason) : ICommand<ProcedureStarted>;
