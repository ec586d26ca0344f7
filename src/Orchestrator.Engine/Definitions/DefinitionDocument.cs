using Orchestrator.Engine.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// A stored definition loaded as a YamlDotNet representation model, for <see cref="DefinitionEditor"/>: finds the mappings an
/// edit changes (names case-insensitively, as the parser compares them) and writes the document back. Comments are lost; key
/// order, flow or block style and the rest of the document are kept.
/// </summary>
internal sealed class DefinitionDocument
{
    private readonly YamlStream stream;

    private DefinitionDocument(YamlStream stream, YamlMappingNode root)
    {
        this.stream = stream;
        Root = root;
    }

    public YamlMappingNode Root { get; }

    public static DefinitionDocument Load(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new BadInputException($"the stored cluster definition cannot be edited: it is not valid YAML ({FileTextOneLine(ex.Message)}); fix it with `orchestrator cluster apply FILE`");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new BadInputException("the stored cluster definition cannot be edited: it is not one mapping of keys; fix it with `orchestrator cluster apply FILE`");
        return new DefinitionDocument(stream, root);
    }

    /// <summary>The document as YAML text (lists indented under their key, long values on one line), without the explicit end marker the writer adds.</summary>
    public string Save()
    {
        // A value an edit wrote that the parser would read as empty ("", "~", "null") is quoted, so it reads back as written.
        foreach (var scalar in Root.AllNodes.OfType<YamlScalarNode>().Where(n => n.Style == ScalarStyle.Any && n.Value is "" or "~" or "null" or "Null" or "NULL"))
            scalar.Style = ScalarStyle.DoubleQuoted;
        using var writer = new StringWriter { NewLine = "\n" };
        stream.Save(new Emitter(writer, EmitterSettings.Default.WithIndentedSequences().WithBestWidth(int.MaxValue).WithNewLine("\n")), assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    public YamlSequenceNode Hierarchies() =>
        Root.Children.TryGetValue(Key("hierarchies"), out var node) && node is YamlSequenceNode list
            ? list
            : throw new BadInputException("the stored cluster definition has no 'hierarchies' list; fix it with `orchestrator cluster apply FILE`");

    /// <summary>The mapping of hierarchy <paramref name="name"/>; refused naming the known hierarchies when there is none.</summary>
    public YamlMappingNode Hierarchy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var all = Hierarchies().Children.OfType<YamlMappingNode>().ToList();
        return all.FirstOrDefault(h => Matches(Text(h, "name"), name))
            ?? throw new BadInputException($"hierarchy {name} is not in the cluster definition (its hierarchies: {Known(all.Select(h => Text(h, "name")))}); check the name");
    }

    public static YamlScalarNode Key(string key) => new(key);

    public static string? Text(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(Key(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Get(YamlMappingNode map, string key) => map.Children.TryGetValue(Key(key), out var node) ? node : null;

    /// <summary>Sets <paramref name="key"/> in place when it is there, else adds it last.</summary>
    public static void Set(YamlMappingNode map, string key, YamlNode value) => map.Children[Key(key)] = value;

    /// <summary>Sets <paramref name="key"/> in place when it is there, else adds it before the first of <paramref name="before"/> that is there (last when none is).</summary>
    public static void SetBefore(YamlMappingNode map, string key, YamlNode value, params string[] before)
    {
        if (map.Children.ContainsKey(Key(key)))
        {
            map.Children[Key(key)] = value;
            return;
        }

        var keys = map.Children.Keys.ToList();
        var at = keys.FindIndex(k => k is YamlScalarNode s && before.Contains(s.Value, StringComparer.Ordinal));
        if (at < 0)
            map.Children.Add(Key(key), value);
        else
            map.Children.Insert(at, Key(key), value);
    }

    public static bool Matches(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static string Known(IEnumerable<string?> names)
    {
        var list = names.OfType<string>().ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string FileTextOneLine(string message) => Orchestrator.Domain.Validation.FileText.OneLine(message);
}
