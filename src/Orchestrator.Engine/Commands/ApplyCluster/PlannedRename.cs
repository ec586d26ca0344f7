using Orchestrator.Domain.Administration;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>S11: a store rename an extension by `cluster apply` needs, with the application whose databases it renames.</summary>
public sealed record PlannedRename(string Hierarchy, string Application, StoreRename Rename);
