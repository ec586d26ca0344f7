using Microsoft.AspNetCore.Http;

namespace Orchestrator.Host.Web.Endpoints;

/// <summary>Writes the dashboard's answers: HTML pages (with a strict content security policy: no script, styles from this server only) and JSON.</summary>
public static class Respond
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task HtmlAsync(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    public static Task JsonAsync<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, DashboardJson.Options, "application/json; charset=utf-8", context.RequestAborted);
    }

    /// <summary>An error, as JSON (<c>{"error": …}</c>) under /api and as a page elsewhere.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments("/api")
            ? JsonAsync(context, new { error = message, status }, status)
            : HtmlAsync(context, Rendering.PageLayout.Error(status, message), status);
    }
}
