using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Queries.GetProcedure;

public sealed record GetProcedureQuery(long Id) : IQuery<ProcedureView>;
