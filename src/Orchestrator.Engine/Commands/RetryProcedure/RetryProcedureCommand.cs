using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Commands.RetryProcedure;

/// <summary>Continue a procedure that waits for an operator, from the step that failed.</summary>
public sealed record RetryProcedureCommand(long Id, string Actor) : ICommand<ProcedureView>;
