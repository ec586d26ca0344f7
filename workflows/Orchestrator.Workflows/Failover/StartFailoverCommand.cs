using Mediator;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The node a hierarchy is in service on has failed (seen by the monitor, or declared by an operator): choose a
/// target and fail over. <paramref name="Evidence"/> says what was observed, in words.
/// </summary>
public sealed record StartFailoverCommand(string Hierarchy, string? FailedNode, string Actor, string Evidence, bool Automatic) : ICommand<FailoverOutcome>;
