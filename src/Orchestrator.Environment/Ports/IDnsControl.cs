namespace Orchestrator.Environment.Ports;

/// <summary>S21: points A/PTR records at the active node.</summary>
public interface IDnsControl
{
    /// <summary>Makes the record of <paramref name="type"/> and <paramref name="name"/> point at <paramref name="node"/>.</summary>
    Task EnsureRecordAsync(string type, string name, string node, EffectKey key, CancellationToken cancellationToken);

    Task<string?> GetRecordTargetAsync(string type, string name, CancellationToken cancellationToken);
}
