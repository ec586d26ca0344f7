using System.Globalization;
using System.Text.Encodings.Web;

namespace Orchestrator.Host.Web.Rendering;

/// <summary>HTML encoding and the small formatting helpers every page uses. Everything from data goes through <see cref="E"/>.</summary>
public static class Html
{
    /// <summary>HTML-encodes text (element content and attribute values alike); null is empty.</summary>
    public static string E(string? text) => text is null ? "" : HtmlEncoder.Default.Encode(text);

    public static string E(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A UTC time as <c>&lt;time&gt;</c>, or a dash.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t
            ? $"<time datetime=\"{E(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}\">{E(t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}</time>"
            : "<span class=\"muted\">-</span>";

    public static string Duration(TimeSpan? span) =>
        span is not { } d ? "<span class=\"muted\">-</span>"
        : d.TotalSeconds < 1 ? E($"{d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms")
        : d.TotalMinutes < 1 ? E($"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s")
        : E($"{((int)d.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min {d.Seconds.ToString(CultureInfo.InvariantCulture)} s");

    /// <summary>Text or a muted dash.</summary>
    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "<span class=\"muted\">-</span>" : E(text);

    /// <summary>A state as a coloured badge (classes by what the state means).</summary>
    public static string StateBadge(string state) => $"<span class=\"badge {StateClass(state)}\">{E(state)}</span>";

    public static string StateClass(string state) => state switch
    {
        "Completed" => "ok",
        "CompletedWithWarnings" => "warn",
        "Failed" => "bad",
        "Cancelled" or "Superseded" => "off",
        "WaitingForOperator" or "Suspended" or "Paused" or "Cancelling" or "Suspending" => "warn",
        _ => "busy",
    };

    public static string ProcedureLink(long id, string? text = null) => $"<a href=\"/procedures/{E(id)}\">{E(text ?? $"#{id.ToString(CultureInfo.InvariantCulture)}")}</a>";
}
