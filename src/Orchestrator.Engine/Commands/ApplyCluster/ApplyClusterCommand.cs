using Mediator;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// `cluster apply FILE`: <paramref name="DryRun"/> plans and changes nothing; <paramref name="Force"/> overrides the S6
/// warnings (audited); <paramref name="ApplyRenames"/> lets an extension rename the new node's databases to the primary's (S11).
/// </summary>
public sealed record ApplyClusterCommand(string Path, string Actor, bool DryRun = false, bool Force = false, bool ApplyRenames = false) : ICommand<ApplyClusterResult>;
