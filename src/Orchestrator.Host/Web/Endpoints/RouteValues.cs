using System.Globalization;
using Microsoft.AspNetCore.Http;

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
