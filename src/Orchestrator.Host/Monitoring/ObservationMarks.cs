namespace Orchestrator.Host.Monitoring;

/// <summary>
/// The observation marks (<see cref="Environment.Ports.IObservationMark"/>) of the round's node probe, path probe and
/// resource read, taken at the start of the round, before anything is asked; null for a source that cannot tell.
/// </summary>
internal readonly record struct ObservationMarks(long? Nodes, long? Paths, long? Resources);
