using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Host.Web.Data;

namespace Orchestrator.Host.Web.Endpoints;

/// <summary>The pages' data as JSON: /api/status, /api/procedures, /api/procedures/{id}, /api/audit (the audit page's filters and paging).</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/status", async context =>
            await Respond.JsonAsync(context, await Data(context).StatusAsync(context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false));

        routes.MapGet("/api/procedures", async context =>
        {
            var list = await Data(context).ProceduresAsync(RouteValues.Name(context, "hierarchy", "hierarchy"), RouteValues.Limit(context, 100, 1000), context.RequestAborted).ConfigureAwait(false);
            await Respond.JsonAsync(context, list).ConfigureAwait(false);
        });

        routes.MapGet("/api/procedures/{id}", async context =>
        {
            var id = RouteValues.ProcedureId(context);
            var details = await Data(context).ProcedureAsync(id, context.RequestAborted).ConfigureAwait(false);
            await (details is null
                ? Respond.ErrorAsync(context, StatusCodes.Status404NotFound, $"no procedure #{id}; GET /api/procedures lists them")
                : Respond.JsonAsync(context, details)).ConfigureAwait(false);
        });

        routes.MapGet("/api/audit", async context =>
        {
            var page = await Data(context).AuditAsync(AuditRequest.Parse(context.Request.Query), context.RequestAborted).ConfigureAwait(false);
            await Respond.JsonAsync(context, page).ConfigureAwait(false);
        });

        routes.MapGet("/api/{**rest}", context =>
            Respond.ErrorAsync(context, StatusCodes.Status404NotFound, "unknown API path; there are /api/status, /api/procedures, /api/procedures/{id} and /api/audit"));
    }

    private static DashboardData Data(HttpContext context) => context.RequestServices.GetRequiredService<DashboardData>();
}
