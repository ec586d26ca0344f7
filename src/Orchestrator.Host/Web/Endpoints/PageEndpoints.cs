using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Host.Web.Data;
using Orchestrator.Host.Web.Rendering;

namespace Orchestrator.Host.Web.Endpoints;

/// <summary>The product's own pages, server-rendered HTML: status, procedures, one procedure, the audit journal; and the stylesheet.</summary>
public static class PageEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/", async context =>
        {
            var refresh = RouteValues.Refresh(context, StatusPageHtml.RefreshSeconds);
            var data = await Data(context).StatusAsync(context.RequestAborted).ConfigureAwait(false);
            await Respond.HtmlAsync(context, StatusPageHtml.Render(data, refresh)).ConfigureAwait(false);
        });

        routes.MapGet("/procedures", async context =>
        {
            var hierarchy = RouteValues.Name(context, "hierarchy", "hierarchy");
            var list = await Data(context).ProceduresAsync(hierarchy, RouteValues.Limit(context, 100, 1000), context.RequestAborted).ConfigureAwait(false);
            var html = new StringBuilder("<h1>Procedures</h1>\n<section class=\"card\">\n");
            StatusPageHtml.ProcedureTable(html, list, "procedures");
            html.Append("</section>\n");
            await Respond.HtmlAsync(context, PageLayout.Render("Procedures", "", html.ToString())).ConfigureAwait(false);
        });

        routes.MapGet("/procedures/{id}", async context =>
        {
            var id = RouteValues.ProcedureId(context);
            var refresh = RouteValues.Refresh(context, StatusPageHtml.RefreshSeconds);
            var details = await Data(context).ProcedureAsync(id, context.RequestAborted).ConfigureAwait(false);
            await (details is null
                ? Respond.ErrorAsync(context, StatusCodes.Status404NotFound, $"no procedure #{id}; the status page lists the latest ones")
                : Respond.HtmlAsync(context, ProcedurePageHtml.Render(details, refresh))).ConfigureAwait(false);
        });

        routes.MapGet("/audit", async context =>
        {
            var page = await Data(context).AuditAsync(AuditRequest.Parse(context.Request.Query), context.RequestAborted).ConfigureAwait(false);
            await Respond.HtmlAsync(context, AuditPageHtml.Render(page)).ConfigureAwait(false);
        });

        routes.MapGet(DashboardStyles.Path, context =>
        {
            context.Response.ContentType = "text/css; charset=utf-8";
            context.Response.Headers.CacheControl = "private, max-age=300";
            return context.Response.WriteAsync(DashboardStyles.Css, context.RequestAborted);
        });

        routes.MapFallback(context => Respond.ErrorAsync(context, StatusCodes.Status404NotFound,
            $"there is no page {context.Request.Path.Value}; the dashboard has / (status), /procedures, /audit, /hangfire and /api/…"));
    }

    private static DashboardData Data(HttpContext context) => context.RequestServices.GetRequiredService<DashboardData>();
}
