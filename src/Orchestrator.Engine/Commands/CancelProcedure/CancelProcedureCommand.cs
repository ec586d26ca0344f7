using Mediator;

namespace Orchestrator.Engine.Commands.CancelProcedure;

/// <summary>
/// Stop a procedure where it is; the result says what state each resource is in. While a step runs the procedure drains
/// (Cancelling); with <paramref name="WaitForDrain"/> the command waits (bounded) for it to end, else it returns at once
/// and the caller may wait with <see cref="CancelDrainWaiter"/>.
/// </summary>
public sealed record CancelProcedureCommand(long Id, string Actor, bool WaitForDrain = true) : ICommand<CancelProcedureResult>;
