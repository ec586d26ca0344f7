using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Commands.ApproveProcedure;

/// <summary>Let a procedure that was created on hold (automatic failover disabled, S19) go on.</summary>
public sealed record ApproveProcedureCommand(long Id, string Actor) : ICommand<ProcedureView>;
