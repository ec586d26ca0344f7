using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>JSON form of a <see cref="WorldLog{TEntry}"/>: an array, as the lists of the world's old document were. Reading gives a log in memory.</summary>
public sealed class WorldLogJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(WorldLog<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(LogConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class LogConverter<TEntry> : JsonConverter<WorldLog<TEntry>>
    {
        public override WorldLog<TEntry> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var log = new WorldLog<TEntry>();
            foreach (var entry in JsonSerializer.Deserialize<List<TEntry>>(ref reader, options) ?? [])
            {
                log.Add(entry);
            }

            return log;
        }

        public override void Write(Utf8JsonWriter writer, WorldLog<TEntry> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}
