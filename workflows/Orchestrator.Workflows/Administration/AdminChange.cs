using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// What an administration command judged after the take changes (<see cref="AdminCommandSupport.LaunchJudgedOnRunningAsync"/>):
/// the node its procedure works on, its world-effect <paramref name="Steps"/> (the definition.store step comes after them) and
/// the definition it proposes.
/// </summary>
public sealed record AdminChange(string Node, IReadOnlyList<PlannedStep> Steps, AdminEdit Edit);
