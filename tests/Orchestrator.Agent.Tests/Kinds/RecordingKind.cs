using System.Collections.Concurrent;
using System.Globalization;
using Orchestrator.Node;

namespace Orchestrator.Agent.Tests.Kinds;

/// <summary>
/// A test kind (<c>recording</c>) that records every call, how many ran at once (per resource and in all), and takes
/// <c>delayMs</c> from its parameters; <see cref="FailNext"/> makes the next calls answer a generic error.
/// </summary>
public sealed class RecordingKind : IResourceKind
{
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private int _runningAll;
    private int _failNext;

    public string Kind => "recording";

    public ConcurrentQueue<(string Resource, ResourceVerb Verb)> Calls { get; } = new();

    /// <summary>The most actions of one resource that ran at the same time.</summary>
    public int MaxPerResource { get; private set; }

    /// <summary>The most actions (of any resources) that ran at the same time.</summary>
    public int MaxInAll { get; private set; }

    public int FailNext { get => _failNext; set => _failNext = value; }

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var mine = _running.AddOrUpdate(resource.Name, 1, (_, n) => n + 1);
        var all = Interlocked.Increment(ref _runningAll);
        lock (_running)
        {
            MaxPerResource = Math.Max(MaxPerResource, mine);
            MaxInAll = Math.Max(MaxInAll, all);
        }

        try
        {
            Calls.Enqueue((resource.Name, verb));
            if (resource.Parameters.TryGetValue("delayMs", out var delay))
            {
                await Task.Delay(int.Parse(delay, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }

            return Interlocked.Decrement(ref _failNext) >= 0
                ? new ResourceResult(OcfExit.GenericError, $"{resource.Name}: injected failure")
                : new ResourceResult(OcfExit.Success, $"{verb} {resource.Name}");
        }
        finally
        {
            _running.AddOrUpdate(resource.Name, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _runningAll);
        }
    }
}
