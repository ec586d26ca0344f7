using Microsoft.AspNetCore.Http;

namespace Orchestrator.Host.Web.Security;

/// <summary>Applies <see cref="DashboardAccessRule"/> to every request, before any page, API or the Hangfire Dashboard.</summary>
public sealed class DashboardAuthenticationMiddleware(RequestDelegate next, DashboardAccessRule rule)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = rule.Decide(context);
        if (decision == AccessDecision.Allowed)
        {
            return next(context);
        }

        DashboardAccessRule.Refuse(context.Response, decision);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(decision == AccessDecision.Forbidden
            ? "forbidden: open the dashboard as http://127.0.0.1:PORT/ from this machine, or set credentials (orchestrator dashboard set-password USER)\n"
            : "authentication required: HTTP Basic (the user set with `orchestrator dashboard set-password`) or Authorization: Bearer TOKEN\n");
    }
}
