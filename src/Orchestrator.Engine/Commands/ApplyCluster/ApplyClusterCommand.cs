using Mediator;

namespace Orchestrator.Engine.Commands.ApplyCluster;

public sealed record ApplyClusterCommand(string Path, string Actor) : ICommand<ApplyClusterResult>;
