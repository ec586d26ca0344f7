using Mediator;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// `update start H --package VERSION [--switchback-at TIME]` (two-node, S29) or `update start --cluster --package VERSION`
/// (one node at a time, with <paramref name="RetriesPerNode"/> tries per node and at most <paramref name="MaxFailedNodes"/> failed nodes).
/// </summary>
public sealed record StartRollingUpdateCommand(
    string? Hierarchy,
    bool WholeCluster,
    string Package,
    DateTimeOffset? SwitchbackAt,
    string Actor,
    int RetriesPerNode = 3,
    int MaxFailedNodes = 1) : ICommand<ProcedureStarted>;
