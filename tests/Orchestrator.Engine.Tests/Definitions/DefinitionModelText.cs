using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>
/// A parsed model as JSON without its source locations and computed properties, so two definitions compare by what they say, not where they say it;
/// and the samples the editor's tests run over.
/// </summary>
internal static class DefinitionModelText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutLocations } },
    };

    public static string Of(object model) => JsonSerializer.Serialize(model, model.GetType(), Options);

    public static ClusterDefinition Parse(string yaml)
    {
        var parsed = ClusterDefinitionParser.Parse(yaml);
        Assert.True(parsed.Errors.Count == 0, string.Join("\n", parsed.Errors.Select(e => e.Format("edited.yaml"))) + "\n" + yaml);
        return parsed.Definition!;
    }

    public static IEnumerable<object[]> Samples() =>
        Directory.GetFiles(SamplesDirectory(), "*.yaml").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    public static string Sample(string name) => File.ReadAllText(Path.Combine(SamplesDirectory(), name)).ReplaceLineEndings("\n");

    private static string SamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
                return Path.Combine(dir.FullName, "workflows", "samples");
        throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }

    private static void WithoutLocations(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        foreach (var property in info.Properties.Where(p => p.Set is null || p.PropertyType == typeof(SourceLocation) || p.Name.EndsWith("Location", StringComparison.Ordinal)
                     || p.Name.EndsWith("Locations", StringComparison.Ordinal)).ToList())
            info.Properties.Remove(property);
    }
}
