using Mediator;
using Orchestrator.Engine.Commands.CancelProcedure;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>`update cancel [H|--cluster]`: cancels the update (running or suspended) and gives the operator's switchback type back.</summary>
public sealed record CancelRollingUpdateCommand(string? Hierarchy, bool WholeCluster, string Actor) : ICommand<CancelProcedureResult>;
