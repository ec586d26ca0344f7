using Mediator;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>The newest rolling update of the hierarchy (or of the whole cluster).</summary>
public sealed record GetRollingUpdateQuery(string? Hierarchy, bool WholeCluster) : IQuery<RollingUpdateView>;
