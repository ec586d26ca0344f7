using Mediator;
using Orchestrator.Engine.Admission;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The node a hierarchy is in service on has failed (seen by the monitor, or declared by an operator): choose a
/// target and fail over. <paramref name="Evidence"/> says what was observed, in words. The monitor passes its
/// <paramref name="Round"/>: the target is then chosen from the round's one observation (no probe, no query per decision),
/// and the launched move is recorded in it for the round's next decisions; without it the situation is observed now.
/// </summary>
public sealed record StartFailoverCommand(string Hierarchy, string? FailedNode, string Actor, string Evidence, bool Automatic, RoundObservation? Round = null)
    : ICommand<FailoverOutcome>;
