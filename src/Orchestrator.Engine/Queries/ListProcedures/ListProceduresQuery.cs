using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Queries.ListProcedures;

/// <summary>
/// The newest procedures (of one hierarchy, or of all), newest first — the page older than <paramref name="BeforeId"/> when
/// given — or, with <paramref name="ActiveOnly"/>, every active one (read by index, however old; limit and page do not
/// apply), newest first.
/// </summary>
public sealed record ListProceduresQuery(string? Hierarchy, int Limit = 100, bool ActiveOnly = false, long? BeforeId = null) : IQuery<IReadOnlyList<ProcedureView>>;
