using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>JSON form of a <see cref="WorldSet"/>: an array of names, as the world's document held a node's shares. Reading gives a set in memory.</summary>
internal sealed class WorldSetJsonConverter : JsonConverter<WorldSet>
{
    public override WorldSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var set = new WorldSet();
        set.UnionWith(JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? []);
        return set;
    }

    public override void Write(Utf8JsonWriter writer, WorldSet value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var name in value)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
