namespace Orchestrator.Storage.Leadership;

/// <summary>The roles a leader term is held for.</summary>
public static class LeaderRoles
{
    /// <summary>The single-instance roles of a runtime, held together: the health monitor, the sweeper, replica scheduling.</summary>
    public const string Singletons = "singletons";
}
