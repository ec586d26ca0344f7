using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>`update resume [H|--cluster]`: re-checks the preconditions and goes on from where a failover suspended the update.</summary>
public sealed record ResumeRollingUpdateCommand(string? Hierarchy, bool WholeCluster, string Actor) : ICommand<ProcedureView>;
