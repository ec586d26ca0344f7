using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.GetAuditHead;

/// <summary>The journal's head: its last row's sequence and hash (<see cref="AuditHead.Empty"/> when it has none).</summary>
public sealed record GetAuditHeadQuery : IQuery<AuditHead>;
