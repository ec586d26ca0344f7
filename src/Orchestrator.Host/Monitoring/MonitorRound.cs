using System.Runtime.ExceptionServices;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Host.Monitoring;

/// <summary>
/// One monitor round: the observation taken once at its start (every node's probe, every path) and each node's
/// <see cref="NodeLivenessRule"/> verdict from it. Every hierarchy of the round is judged from these verdicts; a node
/// a resource check finds gone later in the round is unreachable for the rest of it.
/// </summary>
internal sealed class MonitorRound
{
    private readonly LivenessObservation _observation;
    private readonly Dictionary<string, LivenessVerdict> _verdicts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _confirmed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, NodeResources> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExceptionDispatchInfo> _unreadable = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FailoverRequest> _failovers = [];
    private readonly HashSet<string> _gone = new(StringComparer.OrdinalIgnoreCase);
    private Task<IReadOnlyDictionary<string, string>>? _holds;
    private IReadOnlySet<string>? _alive;

    public MonitorRound(IEnumerable<string> nodes, LivenessObservation observation)
    {
        _observation = observation;
        foreach (var node in nodes)
        {
            _verdicts[node] = NodeLivenessRule.Judge(node, observation);
        }
    }

    /// <summary>The nodes judged alive (failback targets, S20); worked out once, and again after a node is found gone.</summary>
    public IReadOnlySet<string> AliveNodes =>
        _alive ??= _verdicts.Values.Where(v => v.IsAlive).Select(v => v.Node).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<LivenessVerdict> Verdicts => _verdicts.Values;

    /// <summary>The node's verdict; a node outside the definition (not probed) is judged as such: unknown.</summary>
    public LivenessVerdict VerdictOf(string node) =>
        _verdicts.TryGetValue(node, out var verdict) ? verdict : _verdicts[node] = NodeLivenessRule.Judge(node, _observation);

    /// <summary>Whether the node answered a second probe this round (a resource check asked it before blaming resources).</summary>
    public bool IsConfirmed(string node) => _confirmed.Contains(node);

    public void Confirm(string node) => _confirmed.Add(node);

    /// <summary>A resource check found the node itself gone: it is unreachable for the rest of the round.</summary>
    public void FoundGone(string node, string evidence)
    {
        _verdicts[node] = new LivenessVerdict(node, NodeLiveness.Unreachable, evidence);
        _gone.Add(node);
        _alive = null;
    }

    /// <summary>
    /// The nodes up as the admission of a move reads it: those whose probe answered up at the start of the round, less
    /// any a resource check found gone since. A probe that could not answer is not up (unknown is never admitted as up).
    /// </summary>
    public IReadOnlySet<string> UpNodes =>
        _observation.Probes.Where(p => p.Up == true && !_gone.Contains(p.Node)).Select(p => p.Node).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The paths of <paramref name="paths"/> that carried traffic when the round observed them.</summary>
    public IReadOnlyList<CommunicationPath> LivePaths(IEnumerable<CommunicationPath> paths)
    {
        var live = _observation.Paths.Where(p => p.Up == true).Select(p => Key(p.NodeA, p.NodeB)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return paths.Where(p => live.Contains(Key(p.NodeA, p.NodeB))).ToList();

        static string Key(string a, string b) => $"{a}\n{b}";
    }

    /// <summary>The node's resources as read once this round.</summary>
    public void Read(NodeResources resources) => _resources[resources.Node] = resources;

    /// <summary>Reading the node's resources failed this round: every hierarchy checked on it is unknown, with this error.</summary>
    public void Unreadable(string node, Exception error) => _unreadable[node] = ExceptionDispatchInfo.Capture(error);

    /// <summary>The node's resources read this round; throws the read's error when it failed.</summary>
    public NodeResources ResourcesOf(string node)
    {
        if (_unreadable.TryGetValue(node, out var error))
        {
            error.Throw();
        }

        return _resources.TryGetValue(node, out var resources)
            ? resources
            : throw new InvalidOperationException($"the resources of {node} were not read this round");
    }

    /// <summary>
    /// The switchback holds (S29) as read once this round, by <paramref name="read"/> the first time a hierarchy asks; a
    /// read that failed fails every hierarchy that asks this round (each is then unknown, as its own read's failure made it).
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> HoldsAsync(Func<Task<IReadOnlyDictionary<string, string>>> read) =>
        _holds ??= read();

    /// <summary>The failovers this round decided on, in the order decided; launched together once every hierarchy is judged.</summary>
    public IReadOnlyList<FailoverRequest> Failovers => _failovers;

    public void AskFailover(FailoverRequest request) => _failovers.Add(request);
}
