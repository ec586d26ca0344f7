using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// JSON form of <see cref="WorldState"/>. Deserialization populates the initialized collections, so the
/// case-insensitive comparers survive a round trip.
/// </summary>
public static class WorldStateJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(WorldState state) => JsonSerializer.Serialize(state, Options);

    public static WorldState Deserialize(string json) =>
        JsonSerializer.Deserialize<WorldState>(json, Options)
        ?? throw new InvalidDataException("the world state row holds JSON null");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
