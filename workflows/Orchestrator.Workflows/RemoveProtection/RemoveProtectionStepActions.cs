namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>The names of the step actions of removing protection stored in step rows (issue 16).</summary>
public static class RemoveProtectionStepActions
{
    /// <summary>The world forgets the hierarchy (<c>IHierarchyAdministration.DeleteAsync</c>); the step's node is its primary, its target the hierarchy.</summary>
    public const string HierarchyForget = "hierarchy.forget";
}
