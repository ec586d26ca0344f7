using Mediator;

namespace Orchestrator.Engine.Commands.AcknowledgeProcedure;

/// <summary>An operator acknowledges a failover, lifting the anti-flapping block on its hierarchy.</summary>
public sealed record AcknowledgeProcedureCommand(long Id, string Actor) : ICommand<string>;
