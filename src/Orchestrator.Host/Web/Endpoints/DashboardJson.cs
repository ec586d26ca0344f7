using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Host.Web.Endpoints;

/// <summary>The JSON shape of the API: the CLI's --json shape (camelCase, enums as names, indented).</summary>
public static class DashboardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
