using Mediator;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.UserMove;

/// <summary>S22: move recorded failed users — all, a domain's (`LKMovExUsers -d`), or one (`LKExADUtil /MSU`).</summary>
public sealed record MoveUsersCommand(UserSelector Selector, string Actor) : ICommand<IReadOnlyList<ProcedureStarted>>;
