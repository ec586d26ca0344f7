using Mediator;
using Orchestrator.Engine.Views;

namespace Orchestrator.Engine.Queries.GetStatus;

public sealed record GetStatusQuery : IQuery<StatusView>;
