using System.Text.Json;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

// The parts of the CLI's --json output the tests read. Unknown fields are ignored.

public sealed record StepJson(int Seq, string Phase, string Action, string Node, string Target, string Description, string Status, int Attempts, string? LastError);

public sealed record ProcedureJson(long Id, string Kind, string Hierarchy, string State, bool IsActive, string? SourceNode, string? TargetNode, string? LastError, int StepsDone, IReadOnlyList<StepJson> Steps);

/// <summary>What `procedures list --json` prints: one page, newest first, and whether older ones exist.</summary>
public sealed record ProcedurePageJson(IReadOnlyList<ProcedureJson> Procedures, bool More, long? NextAfter);

public sealed record ServiceJson(string Name, string State);

public sealed record NodeJson(string Name, bool Up, IReadOnlyList<ServiceJson> Services, IReadOnlyList<string> Shares);

public sealed record VolumeJson(string Name, string? MountedOn);

public sealed record AddressJson(string Address, string? Owner);

public sealed record WorldHierarchyJson(string Name, IReadOnlyList<string> InServiceNodes);

public sealed record UserJson(string Name, string Domain, string Home);

public sealed record WorldJson(
    IReadOnlyList<NodeJson> Nodes,
    IReadOnlyList<VolumeJson> Volumes,
    IReadOnlyList<AddressJson> Addresses,
    IReadOnlyList<WorldHierarchyJson> Hierarchies,
    IReadOnlyDictionary<string, int> Applied,
    IReadOnlyDictionary<string, int> Calls,
    IReadOnlyDictionary<string, int> Replayed,
    IReadOnlyDictionary<string, int> Failed,
    IReadOnlyList<UserJson> Users,
    IReadOnlyList<string> Violations,
    IReadOnlyDictionary<string, long> ViolationCounts)
{
    /// <summary>Replayed calls per "{EffectKind}:{node}/{target}" (keyed like <see cref="Applied"/>).</summary>
    public IReadOnlyDictionary<string, int> ReplayedKeys { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<string> InServiceNodesOf(string hierarchy) =>
        Hierarchies.Single(h => h.Name == hierarchy).InServiceNodes;
}

/// <summary>A row of <c>audit list --json</c>.</summary>
public sealed record AuditJson(long Id, long? ProcedureId, string Kind, string? Hierarchy, string? FromState, string? ToState, string TriggerName, string Actor, string Reason);

public sealed record StatusNodeJson(string Name, int Priority, bool Up);

public sealed record StatusHierarchyJson(string Name, string? PlacedOn, IReadOnlyList<string> InServiceOn, IReadOnlyList<StatusNodeJson> Nodes, long? ActiveProcedureId, string? ActiveProcedureState);

public sealed record StatusJson(string Cluster, int DefinitionVersion, IReadOnlyList<StatusHierarchyJson> Hierarchies);

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static T Parse<T>(ProcessResult result)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(result.StdOut, Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout is not the JSON of a {typeof(T).Name} ({e.Message}): {result}");
            throw;
        }
    }
}
