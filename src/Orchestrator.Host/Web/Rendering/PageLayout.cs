using System.Globalization;
using System.Text;

namespace Orchestrator.Host.Web.Rendering;

/// <summary>The frame of every page: head (title, stylesheet, optional refresh), navigation, body.</summary>
public static class PageLayout
{
    public static string Render(string title, string section, string body, int? refreshSeconds = null)
    {
        var html = new StringBuilder(body.Length + 2048);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.E(title)).Append(" · Orchestrator</title>\n");
        if (refreshSeconds is { } seconds)
        {
            html.Append("<meta http-equiv=\"refresh\" content=\"").Append(seconds.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
        }

        html.Append("<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">\n</head>\n<body>\n<header class=\"top\">\n")
            .Append("<a class=\"brand\" href=\"/\">Orchestrator</a>\n<nav>");
        foreach (var (href, label, key) in new[] { ("/", "Status", "status"), ("/audit", "Audit", "audit"), ("/hangfire", "Jobs (Hangfire)", "hangfire") })
        {
            html.Append("<a href=\"").Append(href).Append('"').Append(key == section ? " class=\"here\" aria-current=\"page\"" : "").Append('>').Append(label).Append("</a>");
        }

        html.Append("</nav>\n</header>\n<main>\n").Append(body).Append("\n</main>\n")
            .Append("<footer>Orchestrator dashboard · read-only · the same data as JSON under <a href=\"/api/status\">/api/…</a></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>An error page (400, 404, 500) with the message, which says what to do.</summary>
    public static string Error(int status, string message) =>
        Render($"{status.ToString(CultureInfo.InvariantCulture)}", "", $"<h1>{status.ToString(CultureInfo.InvariantCulture)}</h1>\n<p class=\"error\">{Html.E(message)}</p>\n<p><a href=\"/\">Back to the status page</a></p>");
}
