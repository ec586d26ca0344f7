using System.Globalization;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// The keys of one YAML mapping, checked against the keys allowed there. Unknown and repeated keys are
/// reported when the mapping is opened; typed getters report missing keys and wrong value types.
/// </summary>
internal sealed class YamlFields
{
    private readonly Dictionary<string, KeyValuePair<YamlScalar, YamlTree>> fields;
    private readonly DefinitionErrors errors;

    private YamlFields(YamlMap map, string what, DefinitionErrors errors)
    {
        Location = map.Location;
        What = what;
        this.errors = errors;
        fields = new Dictionary<string, KeyValuePair<YamlScalar, YamlTree>>(StringComparer.Ordinal);
    }

    public SourceLocation Location { get; }

    /// <summary>How messages name this element, e.g. "hierarchy 'exch1'".</summary>
    public string What { get; }

    /// <summary>Opens <paramref name="node"/> as a mapping; null (with an error) when it is not one.</summary>
    public static YamlFields? Open(YamlTree node, Func<string?, string> describe, DefinitionErrors errors, params string[] allowed)
    {
        var name = node is YamlMap m ? m.Entries.FirstOrDefault(e => e.Key.Value == "name").Value as YamlScalar : null;
        var what = describe(name?.Value);
        if (node is not YamlMap map)
        {
            errors.Add(node.Location, $"{Cap(what)} must be a mapping of keys (e.g. 'name: ...'), not a {node.Kind}.",
                $"Write {what} as indented 'key: value' lines; allowed keys: {string.Join(", ", allowed)}.");
            return null;
        }

        var result = new YamlFields(map, what, errors);
        foreach (var entry in map.Entries)
        {
            var key = entry.Key.Value!;
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = KeySuggestion.Closest(key, allowed) is { } s ? $"Did you mean '{s}'? " : "";
                errors.Add(entry.Key.Location, $"Unknown key {FileText.Quote(key)} in {what}.", $"{hint}Allowed keys: {string.Join(", ", allowed)}.");
            }
            else if (!result.fields.TryAdd(key, entry))
            {
                errors.Add(entry.Key.Location, $"Key '{key}' appears twice in {what}.", $"Remove one of the two '{key}' entries.");
            }
        }
        return result;
    }

    public static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    public YamlTree? Get(string key) => fields.TryGetValue(key, out var e) ? e.Value : null;

    /// <summary>Where the value of <paramref name="key"/> was written; null when the key is not there.</summary>
    public SourceLocation? ValueLocation(string key) => Get(key)?.Location;

    /// <summary>Where each key written in this mapping was written, by key.</summary>
    public IReadOnlyDictionary<string, SourceLocation> ValueLocations() => fields.ToDictionary(e => e.Key, e => e.Value.Value.Location, StringComparer.Ordinal);

    public SourceLocation KeyLocation(string key) => fields.TryGetValue(key, out var e) ? e.Key.Location : Location;

    /// <summary>A single value; reports a missing required key or a list/mapping where a value belongs.</summary>
    public string? Text(string key, string? requiredFix = null)
    {
        switch (Get(key))
        {
            case YamlScalar { Value: { } value }:
                return value;
            case null or YamlScalar:
                if (requiredFix is not null)
                    errors.AddMissing(Location, $"{Cap(What)} is missing the required key '{key}'.", requiredFix);
                return null;
            case var other:
                errors.Add(other.Location, $"'{key}' of {What} must be a single value, not a {other.Kind}.", $"Write '{key}: <value>' on one line.");
                return null;
        }
    }

    public int? Int(string key, string example)
    {
        var text = Text(key);
        if (text is null)
            return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add(Get(key)!.Location, $"'{key}' of {What} must be a whole number, not {FileText.Quote(text)}.", $"Write a whole number, e.g. '{key}: {example}'.");
        return null;
    }

    /// <summary>
    /// S21: an IP address with an optional prefix length, "10.0.0.11" or "10.0.0.11/24": the address part and the length
    /// (null when none is written; reported when it is not a whole number).
    /// </summary>
    public (string Address, int? PrefixLength)? AddressWithPrefix(string key)
    {
        var text = Text(key);
        if (text is null)
            return null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return (text, null);
        if (int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            return (text[..slash], length);
        errors.Add(Get(key)!.Location, $"'{key}' of {What} has prefix length {FileText.Quote(text[(slash + 1)..])}, which is not a whole number.",
            $"Write the address with a prefix length, e.g. '{key}: {FileText.Escape(text[..slash])}/24', or without one (/24 for IPv4 and /64 for IPv6 are assumed).");
        return (text[..slash], null);
    }

    public bool? Bool(string key)
    {
        var text = Text(key);
        if (text is null)
            return null;
        if (bool.TryParse(text, out var value))
            return value;
        errors.Add(Get(key)!.Location, $"'{key}' of {What} must be true or false, not {FileText.Quote(text)}.", $"Write '{key}: true' or '{key}: false'.");
        return null;
    }

    /// <summary>The items of a list; empty (with an error) when the key is missing and required, or is not a list.</summary>
    public IReadOnlyList<YamlTree> List(string key, string? requiredFix = null)
    {
        switch (Get(key))
        {
            case YamlList list:
                return list.Items;
            case null or YamlScalar { Value: null }:
                if (requiredFix is not null)
                    errors.AddMissing(Location, $"{Cap(What)} is missing the required key '{key}'.", requiredFix);
                return [];
            case var other:
                errors.Add(other.Location, $"'{key}' of {What} must be a list, not a {other.Kind}.", $"Write each item of '{key}' on its own line starting with '- '.");
                return [];
        }
    }

    /// <summary>A nested mapping node; null (with an error) when missing and required, or not a mapping.</summary>
    public YamlMap? Map(string key, string? requiredFix = null)
    {
        switch (Get(key))
        {
            case YamlMap map:
                return map;
            case null or YamlScalar { Value: null }:
                if (requiredFix is not null)
                    errors.AddMissing(Location, $"{Cap(What)} is missing the required key '{key}'.", requiredFix);
                return null;
            case var other:
                errors.Add(other.Location, $"'{key}' of {What} must be a mapping of keys, not a {other.Kind}.", $"Write '{key}:' followed by indented 'key: value' lines.");
                return null;
        }
    }
}
