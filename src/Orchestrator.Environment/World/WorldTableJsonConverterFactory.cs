using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Environment.World;

/// <summary>
/// JSON form of a <see cref="WorldTable{TValue}"/>: an object keyed by name, as the dictionaries of the world's old
/// document were (a table of flags also reads the old document's array of names, e.g. its cut paths). Reading gives a
/// table in memory.
/// </summary>
public sealed class WorldTableJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(WorldTable<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(TableConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class TableConverter<TValue> : JsonConverter<WorldTable<TValue>>
    {
        public override WorldTable<TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var table = new WorldTable<TValue>();
            if (reader.TokenType == JsonTokenType.StartArray && typeof(TValue) == typeof(bool))
            {
                foreach (var name in JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? [])
                {
                    table[name] = (TValue)(object)true;
                }

                return table;
            }

            var entries = JsonSerializer.Deserialize<Dictionary<string, TValue>>(ref reader, options) ?? [];
            foreach (var (key, value) in entries)
            {
                table[key] = value;
            }

            return table;
        }

        public override void Write(Utf8JsonWriter writer, WorldTable<TValue> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, entry) in value)
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, entry, options);
            }

            writer.WriteEndObject();
        }
    }
}
