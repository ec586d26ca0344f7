using Mediator;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The decision of a failover only (target, admission; a decision that starts nothing is recorded as for
/// <see cref="StartFailoverCommand"/>): the monitor decides its round's failovers one after another, in order, on the
/// round's observation — an admitted one is recorded there as moving — and launches them concurrently
/// (<see cref="LaunchFailoverCommand"/>).
/// </summary>
public sealed record DecideFailoverCommand(StartFailoverCommand Request) : ICommand<FailoverDecided>;
