using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Environment.World;

/// <summary>
/// JSON of one row of the world's tables: the document's options, except that a node's row leaves out its services
/// and its shares (each service and each share is a row of its own).
/// </summary>
internal static class WorldRowJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("a world row holds JSON null");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(WorldStateJson.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        if (info.Type == typeof(NodeRecord))
                        {
                            foreach (var rowsOfTheirOwn in info.Properties.Where(p => p.Name is nameof(NodeRecord.Services) or nameof(NodeRecord.Shares)).ToList())
                            {
                                info.Properties.Remove(rowsOfTheirOwn);
                            }
                        }
                    },
                },
            },
        };
        options.MakeReadOnly();
        return options;
    }
}
