using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Issue 14: reads the real resource written beside an address, volume, service or DNS record (its built-in kind's keys,
/// or 'script' with 'params'), and a node's 'agent' and 'fence'. Paths of secrets and scripts must be absolute: the
/// orchestrator and the agents read them wherever they run, never from the definition's directory.
/// </summary>
internal static class RealResourceReader
{
    public static readonly string[] IpKeys = ["interface"];
    public static readonly string[] VolumeKeys = ["device", "mountpoint", "fstype", "directory"];
    public static readonly string[] ServiceKeys = ["command", "args", "pidfile", "unit"];
    public static readonly string[] DnsKeys = ["server", "zone", "key-file"];
    public static readonly string[] ScriptKeys = ["script", "params"];
    private static readonly string[] AgentKeys = ["urls", "token-file"];

    /// <summary>The real resource of kind <paramref name="kind"/> written in <paramref name="f"/> (its <paramref name="keys"/>, or a script); null when none is written.</summary>
    public static RealResource? Read(YamlFields f, string kind, string[] keys, DefinitionErrors errors)
    {
        if (f.Get("script") is not null)
            return ReadScript(f, errors);
        if (f.Get("params") is { } orphan)
            errors.Add(orphan.Location, $"'params' of {f.What} is given without 'script'.", "Add 'script: ocf:heartbeat:<agent>' (or the script's path), or remove 'params'.");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => f.Get(k) is not null))
        {
            var value = key == "args" && f.Get(key) is YamlList ? string.Join(' ', f.List(key).OfType<YamlScalar>().Select(s => s.Value)) : f.Text(key);
            if (value is not null)
            {
                parameters[key] = value;
                locations[key] = f.KeyLocation(key);
            }
        }

        if (parameters.TryGetValue("key-file", out var keyFile))
            RequireAbsolute(f, "key-file", keyFile, "the TSIG key", errors);
        return parameters.Count == 0 ? null : new RealResource(kind, parameters, f.Location) { ParameterLocations = locations };
    }

    public static NodeAgent? ReadAgent(YamlFields node, DefinitionErrors errors)
    {
        if (node.Map("agent") is not { } map || YamlFields.Open(map, _ => $"the agent of {node.What}", errors, AgentKeys) is not { } f)
            return null;
        var urls = new List<string>();
        foreach (var item in f.List("urls", "List the agent's URL on each communication path: 'urls: [http://198.18.7.11:7070, http://198.18.8.11:7070]'."))
        {
            if (item is YamlScalar { Value: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                urls.Add(url);
            else
                errors.Add(item.Location, $"Agent URL {(item is YamlScalar { Value: { } v } ? FileText.Quote(v) : $"a {item.Kind}")} of {node.What} is not an http:// or https:// URL.",
                    "Write the agent's address on that path with its scheme and port, e.g. 'http://198.18.7.11:7070'.");
        }

        var tokenFile = f.Text("token-file", "Name the file that holds the agent's token: 'token-file: /etc/orchestrator/agent.token' (mode 0600).") ?? "";
        if (tokenFile.Length > 0)
            RequireAbsolute(f, "token-file", tokenFile, "the agent's token", errors);
        return new NodeAgent(urls, tokenFile, f.Location) { TokenFileLocation = f.Get("token-file")?.Location ?? f.Location };
    }

    public static string? ReadFence(YamlFields node, DefinitionErrors errors)
    {
        var fence = node.Text("fence");
        if (fence is not null)
            RequireAbsolute(node, "fence", fence, "the fence script", errors);
        return fence;
    }

    private static RealResource? ReadScript(YamlFields f, DefinitionErrors errors)
    {
        var script = f.Text("script");
        if (string.IsNullOrWhiteSpace(script))
        {
            errors.Add(f.KeyLocation("script"), $"'script' of {f.What} is empty.", "Write 'script: ocf:heartbeat:<agent>' or the absolute path of an OCF-style executable.");
            return null;
        }

        if (!script.StartsWith("ocf:", StringComparison.Ordinal))
            RequireAbsolute(f, "script", script, "the script", errors);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        if (f.Get("params") is not null && f.Map("params") is { } map)
        {
            foreach (var (key, value) in map.Entries)
            {
                if (value is YamlScalar { Value: { } text })
                {
                    parameters[key.Value!] = text;
                    locations[key.Value!] = key.Location;
                }
                else
                    errors.Add(value.Location, $"Parameter {FileText.Quote(key.Value)} of {f.What} must be a single value, not a {value.Kind}.", $"Write '{FileText.Escape(key.Value!)}: <value>' (passed as OCF_RESKEY_{FileText.Escape(key.Value!)}).");
            }
        }

        return new RealResource(RealResource.ScriptKind, parameters, f.Location) { Script = script, ParameterLocations = locations };
    }

    private static void RequireAbsolute(YamlFields f, string key, string path, string what, DefinitionErrors errors)
    {
        if (!Path.IsPathFullyQualified(path))
            errors.Add(f.Get(key)?.Location ?? f.Location, $"'{key}' of {f.What} is {FileText.Quote(path)}, not an absolute path.",
                $"Write the absolute path of {what} (e.g. '/etc/orchestrator/...'): the orchestrator and the agents read it wherever they run.");
    }
}
