using Mediator;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>Stop a procedure where it is; the result says what state each resource is in.</summary>
public sealed record CancelProcedureCommand(long Id, string Actor) : ICommand<CancelProcedureResult>;
