using Orchestrator.Engine.Views;

namespace Orchestrator.Host.Web.Data;

/// <summary>The status page: the cluster (hierarchies, where each is in service, nodes, settings), the active procedures and the latest ones.</summary>
public sealed record StatusPageData(StatusView Status, IReadOnlyList<ProcedureSummary> ActiveProcedures, IReadOnlyList<ProcedureSummary> RecentProcedures, DateTimeOffset At);
