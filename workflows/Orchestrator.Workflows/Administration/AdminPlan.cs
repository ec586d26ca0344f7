using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Administration;

/// <summary>The step every administration plan ends with: store the next definition the procedure carries, on the node it works on.</summary>
public static class AdminPlan
{
    public static PlannedStep StoreDefinition(string node, string hierarchy, int maxWaitSeconds) =>
        new(AdminStates.StoringDefinition, AdminStepActions.DefinitionStore, node, hierarchy, maxWaitSeconds);
}
