using Mediator;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Switchover;

/// <summary>S16: bring a hierarchy in service on the chosen node (manual switchover).</summary>
public sealed record StartSwitchoverCommand(string Hierarchy, string TargetNode, string Actor, string? Reason) : ICommand<ProcedureStarted>;
