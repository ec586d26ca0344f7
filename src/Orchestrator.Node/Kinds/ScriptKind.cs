using System.Globalization;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// Any executable that follows the OCF resource-agent convention (<c>script</c>), ClusterLabs' agents unchanged:
/// parameter <c>agent</c> is its path or <c>ocf:PROVIDER:TYPE</c> (<c>OCF_ROOT/resource.d/PROVIDER/TYPE</c>); every
/// other parameter is passed as <c>OCF_RESKEY_name</c>, with <c>OCF_ROOT</c>, <c>OCF_RESOURCE_INSTANCE</c> (the
/// resource's name) and <c>OCF_RA_VERSION_MAJOR/MINOR</c> (1.0). The verb is its first argument (start, stop, monitor,
/// meta-data); its exit code is the answer (0–7; anything else is a generic error). Past the timeout its whole process
/// group is killed. Meta-data answers the agent's XML (read with <see cref="OcfMetadata.Parse"/>).
/// </summary>
public sealed class ScriptKind(NodeKindOptions options) : IResourceKind
{
    /// <summary>The parameter that names the agent (not passed to it).</summary>
    public const string AgentParameter = "agent";

    private readonly CommandRunner _runner = new(options.CommandPrefix);

    public string Kind => "script";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (resource.Optional(AgentParameter) is not { } agent)
        {
            return resource.Missing(AgentParameter);
        }

        var resolved = Resolve(agent);
        if (resolved.Error is { } error)
        {
            return resource.Invalid(AgentParameter, error);
        }

        if (!File.Exists(resolved.Path))
        {
            return new ResourceResult(OcfExit.NotInstalled, $"script {resource.Name}: agent {agent} not found ({resolved.Path})");
        }

        var action = verb switch
        {
            ResourceVerb.Start => "start",
            ResourceVerb.Stop => "stop",
            ResourceVerb.Monitor => "monitor",
            _ => "meta-data",
        };
        var environment = new Dictionary<string, string>
        {
            ["OCF_ROOT"] = options.OcfRoot,
            ["OCF_RA_VERSION_MAJOR"] = "1",
            ["OCF_RA_VERSION_MINOR"] = "0",
            ["OCF_RESOURCE_INSTANCE"] = resource.Name,
            ["OCF_RESKEY_CRM_meta_timeout"] = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (resolved.Provider is { } provider)
        {
            environment["OCF_RESOURCE_PROVIDER"] = provider;
            environment["OCF_RESOURCE_TYPE"] = Path.GetFileName(resolved.Path);
        }

        foreach (var (name, value) in resource.Parameters.Where(p => p.Key != AgentParameter))
        {
            environment["OCF_RESKEY_" + name] = value;
        }

        var result = await _runner.RunAsync(new ExternalCommand(resolved.Path, [action]) { Environment = environment }, timeout, cancellationToken).ConfigureAwait(false);
        if (result.TimedOut)
        {
            return new ResourceResult(OcfExit.GenericError, $"{agent} {action} timed out after {timeout.TotalSeconds:0.#} s (its process group was killed)");
        }

        if (result.ExitCode is not { } code)
        {
            return new ResourceResult(OcfExit.NotInstalled, $"{agent} {action}: {result.OneLine()}");
        }

        var exit = code is >= 0 and <= 7 ? (OcfExit)code : OcfExit.GenericError;
        if (verb == ResourceVerb.MetaData && exit == OcfExit.Success)
        {
            return new ResourceResult(exit, result.StandardOutput);
        }

        var said = result.OneLine();
        return new ResourceResult(exit, $"{agent} {action}: exit {code} ({exit}){(said.Length == 0 ? "" : ": " + said)}");
    }

    /// <summary>The agent's path: given, or <c>ocf:PROVIDER:TYPE</c> under OCF_ROOT.</summary>
    internal (string Path, string? Provider, string? Error) Resolve(string agent)
    {
        if (!agent.StartsWith("ocf:", StringComparison.Ordinal))
        {
            return (agent, null, null);
        }

        var parts = agent.Split(':');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0 || parts[1].Contains('/', StringComparison.Ordinal) || parts[2].Contains('/', StringComparison.Ordinal))
        {
            return ("", null, $"is '{agent}', not ocf:PROVIDER:TYPE (e.g. ocf:heartbeat:IPaddr2) nor a path");
        }

        return (Path.Combine(options.OcfRoot, "resource.d", parts[1], parts[2]), parts[1], null);
    }
}
