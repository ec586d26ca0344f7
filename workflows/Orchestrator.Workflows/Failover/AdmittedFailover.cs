using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// A failover decided and admitted (<see cref="FailoverStarter.DecideAsync"/>), not yet persisted: the request, the
/// hierarchy as the decision read it, the failed node, the chosen target, the audit reason and the hold (S19) if any.
/// <see cref="FailoverStarter.LaunchAsync"/> makes it durable.
/// </summary>
public sealed record AdmittedFailover(StartFailoverCommand Request, HierarchyContext Context, string Failed, FailoverDecision Decision, string Target, string Reason, string? Hold);
