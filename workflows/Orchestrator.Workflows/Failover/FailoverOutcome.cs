using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands;

namespace Orchestrator.Workflows.Failover;

/// <summary>The target decision, and the procedure when one was created (none when nothing may take the hierarchy).</summary>
public sealed record FailoverOutcome(FailoverDecision Decision, ProcedureStarted? Started, bool Held);
