using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Queries.ListProcedures;

public sealed record ListProceduresQuery(string? Hierarchy, int Limit = 100) : IQuery<IReadOnlyList<ProcedureView>>;
