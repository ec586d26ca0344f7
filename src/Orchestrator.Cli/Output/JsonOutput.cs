using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Cli.Output;

/// <summary>The one JSON shape of every --json output: camelCase, enums as names, indented.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static int Write<T>(T value)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
        return 0;
    }
}
