namespace Orchestrator.Workflows.Administration;

/// <summary>The names of the hierarchy administration actions stored in step rows (issue 16).</summary>
public static class AdminStepActions
{
    /// <summary>The last step of every administration procedure: store the proposed definition text it carries.</summary>
    public const string DefinitionStore = "definition.store";

    public const string HierarchyCreate = "hierarchy.create";
    public const string HierarchyExtend = "hierarchy.extend";
    public const string HierarchyUnextend = "hierarchy.unextend";
    public const string HierarchyDelete = "hierarchy.delete";
    public const string StoreRename = "store.rename";
}
