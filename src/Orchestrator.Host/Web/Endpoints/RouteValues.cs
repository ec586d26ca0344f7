using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Host.Web.Endpoints;

/// <summary>Reads the parameters of the dashboard's routes, refusing malformed ones with a message (400).</summary>
public static class RouteValues
{
    public static long ProcedureId(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.RouteValues["id"]?.ToString() ?? "";
        return long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new WebInputException($"'{text}' is not a procedure number; procedures are numbered from 1 (see the status page)");
    }

    public static int Limit(HttpContext context, int byDefault, int maximum)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.Query["limit"].ToString().Trim();
        if (text.Length == 0)
        {
            return byDefault;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 && n <= maximum
            ? n
            : throw new WebInputException($"limit='{text}': give 1 to {maximum}");
    }

    /// <summary>
    /// Issue 15: a query parameter that names a hierarchy or a node (e.g. <c>hierarchy=exch1</c>); null when absent; a value
    /// that breaks the cluster file's name rule is refused (400) naming the parameter and the rule.
    /// </summary>
    public static string? Name(HttpContext context, string parameter, string what)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CheckName(parameter, what, Text(context, parameter));
    }

    /// <summary><paramref name="value"/> when it is null or keeps the name rule; else a <see cref="WebInputException"/> naming <paramref name="parameter"/>.</summary>
    public static string? CheckName(string parameter, string what, string? value) =>
        value is null || NameRule.Problem(value) is not { } problem
            ? value
            : throw new WebInputException($"{parameter}={FileText.Quote(value)}: the {what} name {problem}; a {what} name is {NameRule.Allowed}");

    public static string? Text(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.Query[name].ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary><c>refresh=SECONDS</c> for the pages that refresh themselves (0 turns it off); null when off.</summary>
    public static int? Refresh(HttpContext context, int byDefault)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.Query["refresh"].ToString().Trim();
        if (text.Length == 0)
        {
            return byDefault;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 3600
            ? (n == 0 ? null : n)
            : throw new WebInputException($"refresh='{text}': give the seconds between refreshes, 1 to 3600, or 0 for none");
    }
}
