using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Commands.SkipProcedure;

/// <summary>Continue a procedure that waits for an operator with the step after the failed one, where that step may be skipped.</summary>
public sealed record SkipProcedureCommand(long Id, string Actor) : ICommand<ProcedureView>;
