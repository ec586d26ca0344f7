using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Queries.ListProcedures;

/// <summary>
/// The newest procedures (of one hierarchy, or of all), newest first — or, with <paramref name="ActiveOnly"/>, every active
/// one (read by index, however old; the limit does not apply), newest first.
/// </summary>
public sealed record ListProceduresQuery(string? Hierarchy, int Limit = 100, bool ActiveOnly = false) : IQuery<IReadOnlyList<ProcedureView>>;
