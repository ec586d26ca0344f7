using Orchestrator.Storage.Audit;

namespace Orchestrator.Host.Web.Data;

/// <summary>
/// One page of the audit journal: the filter asked for, its rows (oldest first), and the sequences to page from —
/// <see cref="NewerAfter"/> for the next newer page (<c>after=</c>), <see cref="OlderBefore"/> for the next older one (<c>before=</c>).
/// </summary>
public sealed record AuditPageData(AuditRequest Request, IReadOnlyList<AuditEntry> Rows, long? NewerAfter, long? OlderBefore);
