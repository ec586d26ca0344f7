using Hangfire;
using Mediator;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Host.Web;

/// <summary>
/// The orchestrator services the dashboard uses, taken from the container of the process that runs steps — so the
/// Hangfire Dashboard shows that process's job storage and the pages read through its mediator.
/// </summary>
public sealed record DashboardDependencies(
    IMediator Mediator,
    IProcedureStore Procedures,
    ProcedureCatalog Catalog,
    TimeProvider Time,
    JobStorage Jobs,
    ILoggerFactory LoggerFactory,
    string DataDirectory);
