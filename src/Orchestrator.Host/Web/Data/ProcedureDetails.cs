using Orchestrator.Host.Web.Diagram;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Host.Web.Data;

/// <summary>The procedure page: the procedure, its steps with times and attempts, its state diagram and its audit rows.</summary>
public sealed record ProcedureDetails(
    ProcedureSummary Procedure,
    string? LastError,
    IReadOnlyList<StepDetails> Steps,
    StateDiagram? Diagram,
    IReadOnlyList<AuditEntry> Audit);
