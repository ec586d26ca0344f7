using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Host.Composition;

/// <summary>
/// Issue 14: which environment the stored definition says the cluster runs in ('environment: simulated | agents'), asked
/// at each use of a real-resource port, so a definition applied after start (by another process) is followed. The answer
/// is kept for <see cref="Refresh"/> (a definition read per effect would cost the simulated world's hot path); with no
/// definition stored yet the answer is simulated, and asked again next time.
/// </summary>
public sealed class EnvironmentSelector(CurrentDefinition definitions, TimeProvider time)
{
    /// <summary>How long an answer is kept before the stored definition is read again.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private Known? _known;

    public async ValueTask<ClusterEnvironment> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _known) is { } known && time.GetElapsedTime(known.At) < Refresh)
            return known.Environment;
        try
        {
            var (definition, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _known, new Known(definition.Environment, time.GetTimestamp()));
            return definition.Environment;
        }
        catch (BadInputException)
        {
            return ClusterEnvironment.Simulated; // nothing applied yet (or no longer parsing): the simulated world, asked again next time
        }
    }

    private sealed record Known(ClusterEnvironment Environment, long At);
}
