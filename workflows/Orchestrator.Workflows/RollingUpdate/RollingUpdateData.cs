using System.Text.Json;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>What a rolling update records in its first audit row: the package, the schedule and each node's version before.</summary>
public sealed record RollingUpdateData(string Package, DateTimeOffset? SwitchbackAt, IReadOnlyDictionary<string, string> VersionsBefore, IReadOnlyList<string> Nodes)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static RollingUpdateData? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RollingUpdateData>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
