using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Reads YAML text with the low-level YamlDotNet parser into a <see cref="YamlTree"/> that keeps every
/// position and every repeated key (the representation model throws on the first duplicate key).
/// Syntax errors, and lists or mappings nested deeper than <see cref="MaxDepth"/> (refused before the reader's
/// recursion could exhaust the stack), surface as <see cref="DefinitionSyntaxException"/> with the position they were found at.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>The deepest a list or mapping may be nested; a cluster definition needs about six levels.</summary>
    public const int MaxDepth = 64;

    public static YamlTree? Read(string text, DefinitionErrors errors)
    {
        var scanner = new Scanner(new StringReader(text));
        try
        {
            var parser = new Parser(scanner);
            var anchors = new Dictionary<string, YamlTree>(StringComparer.Ordinal);
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                return null;
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, errors, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var extra))
                errors.Add(new ValidationError(At(extra.Start), "The file holds more than one YAML document.",
                    "Keep one cluster definition per file; remove the second '---' document."));
            return root;
        }
        catch (YamlException ex)
        {
            // Some of YamlDotNet's errors carry no position (a tab used as indentation): the scanner's is where it stopped.
            var at = ex.Start.Index > 0 || ex.End.Index > 0 ? ex.Start : scanner.CurrentPosition;
            throw new DefinitionSyntaxException(At(at), $"YAML syntax error: {SyntaxMessage(ex)}", "Correct the YAML syntax at this position.");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser can stop in a state it does not expect (found by the property test) instead of raising a syntax error
            throw new DefinitionSyntaxException(At(scanner.CurrentPosition), "YAML syntax error: the YAML parser cannot read on from here.",
                "Correct the YAML syntax at or just before this position.");
        }
    }

    public static SourceLocation At(Mark mark) => new(checked((int)mark.Line), checked((int)mark.Column));

    private static string SyntaxMessage(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return FileText.OneLine(message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message);
    }

    private static YamlTree ReadNode(IParser parser, Dictionary<string, YamlTree> anchors, DefinitionErrors errors, int depth)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target))
                return target;
            errors.Add(new ValidationError(At(alias.Start), $"Alias {FileText.Quote("*" + alias.Value.Value)} refers to no anchor.",
                $"Define {FileText.Quote("&" + alias.Value.Value)} before using it, or write the value out."));
            return new YamlScalar(null, At(alias.Start));
        }

        YamlTree node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = new YamlScalar(ScalarValue(scalar), At(scalar.Start));
        }
        else if (parser.Accept<NodeEvent>(out var nested) && depth >= MaxDepth)
        {
            throw new DefinitionSyntaxException(At(nested.Start), $"Lists and mappings are nested more than {MaxDepth} deep here.",
                $"A cluster definition needs a few levels only; close the brackets or indentation that open here (at most {MaxDepth} levels).");
        }
        else if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            var items = new List<YamlTree>();
            while (!parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode(parser, anchors, errors, depth + 1));
            node = new YamlList(items, At(sequence.Start));
        }
        else
        {
            var mapping = parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            var entries = new List<KeyValuePair<YamlScalar, YamlTree>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors, errors, depth + 1);
                var value = ReadNode(parser, anchors, errors, depth + 1);
                if (key is YamlScalar { Value: not null } k)
                    entries.Add(new(k, value));
                else
                    errors.Add(new ValidationError(key.Location, "A mapping key must be a plain name.",
                        "Write the key as a simple word followed by a colon, e.g. 'name:'."));
            }
            node = new YamlMap(entries, At(mapping.Start));
        }

        if (!anchor.IsEmpty)
            anchors[anchor.Value] = node;
        return node;
    }

    private static string? ScalarValue(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL"
            ? null
            : scalar.Value;
}
