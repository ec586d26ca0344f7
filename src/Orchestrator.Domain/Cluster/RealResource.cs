namespace Orchestrator.Domain.Cluster;

/// <summary>
/// Issue 14: the real resource behind an address, volume, service or DNS record of a hierarchy on an agents cluster: the
/// kind the agent runs (<c>ip</c>, <c>volume</c>, <c>service</c>, <c>dns</c>, or <c>script</c> with <see cref="Script"/>)
/// and its parameters as the file wrote them (for a script: its 'params', passed as OCF_RESKEY_*). Secrets are never
/// parameters: only the paths of the files that hold them (key-file).
/// </summary>
public sealed record RealResource(string Kind, IReadOnlyDictionary<string, string> Parameters, SourceLocation Location)
{
    public const string Ip = "ip";
    public const string Volume = "volume";
    public const string Service = "service";
    public const string Dns = "dns";
    public const string ScriptKind = "script";

    /// <summary>For a script: the OCF agent (<c>ocf:heartbeat:IPaddr2</c>) or the executable's path; null for a built-in kind.</summary>
    public string? Script { get; init; }

    /// <summary>Where each parameter was written (its key; a script's under 'params'), for errors about one parameter; absent: <see cref="Location"/>.</summary>
    public IReadOnlyDictionary<string, SourceLocation> ParameterLocations { get; init; } = new Dictionary<string, SourceLocation>();
}
