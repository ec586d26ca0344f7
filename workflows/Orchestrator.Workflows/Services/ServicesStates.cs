namespace Orchestrator.Workflows.Services;

/// <summary>The working states of a change of a hierarchy's protected services (S14), in order; the definition is stored last.</summary>
public static class ServicesStates
{
    /// <summary>Removed services stopped on the node the hierarchy is in service on, last started first.</summary>
    public const string StoppingServices = "StoppingServices";

    /// <summary>The start mode of each added or removed service set on every node of the hierarchy (manual, S7).</summary>
    public const string SettingStartModes = "SettingStartModes";

    /// <summary>Added services started on the node the hierarchy is in service on, in the given order.</summary>
    public const string StartingServices = "StartingServices";
}
