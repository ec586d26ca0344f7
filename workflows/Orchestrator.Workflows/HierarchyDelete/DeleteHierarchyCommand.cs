using Mediator;
using Orchestrator.Workflows.Administration;

namespace Orchestrator.Workflows.HierarchyDelete;

/// <summary>S13: delete <paramref name="Hierarchy"/> (while in service on its primary, or nowhere).</summary>
public sealed record DeleteHierarchyCommand(string Hierarchy, string Actor, string? Reason) : ICommand<AdminStarted>;
