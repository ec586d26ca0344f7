using Mediator;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The durable part of a decided failover: suspends a procedure that yields to it, creates the procedure (instance,
/// plan, audit, first step's dispatch in one fenced transaction) and dispatches its first step. Safe to run
/// concurrently with other launches: it does not touch the round's observation.
/// </summary>
public sealed record LaunchFailoverCommand(AdmittedFailover Admitted) : ICommand<FailoverOutcome>;
