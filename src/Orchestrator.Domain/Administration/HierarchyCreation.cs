namespace Orchestrator.Domain.Administration;

/// <summary>
/// S10: everything <see cref="HierarchyCreateRule"/> needs to judge creating <paramref name="Hierarchy"/> on
/// <paramref name="Node"/>: the node's system drive (e.g. "C:"), where the server's Exchange data lives, what is known of
/// each volume holding it (a volume of <paramref name="Files"/> absent from <paramref name="Volumes"/> is unknown: not
/// refused here, the procedure checks it again on the node), and what is running.
/// </summary>
public sealed record HierarchyCreation(
    string Hierarchy,
    string Node,
    string SystemDrive,
    IReadOnlyList<DataFileLocation> Files,
    IReadOnlyList<DataVolume> Volumes,
    RunningState Running);
