using Microsoft.AspNetCore.Http;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// Applies <see cref="DashboardAccessRule"/> to every request, before any page, API or the Hangfire Dashboard (which reads
/// the verdict left in <see cref="HttpContext.Items"/> instead of deciding again).
/// </summary>
public sealed class DashboardAuthenticationMiddleware(RequestDelegate next, DashboardAccessRule rule)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var verdict = await rule.DecideAsync(context).ConfigureAwait(false);
        context.Items[AccessVerdict.ItemKey] = verdict;
        if (verdict.Decision == AccessDecision.Allowed)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        DashboardAccessRule.Refuse(context.Response, verdict);
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(verdict.Decision switch
        {
            AccessDecision.Forbidden => "forbidden: open the dashboard as http://127.0.0.1:PORT/ from this machine, or set credentials (orchestrator dashboard set-password USER)\n",
            AccessDecision.TooManyAttempts => "too many password attempts: wait for the time in Retry-After, then sign in again\n",
            _ => "authentication required: HTTP Basic (the user set with `orchestrator dashboard set-password`) or Authorization: Bearer TOKEN\n",
        }, context.RequestAborted).ConfigureAwait(false);
    }
}
