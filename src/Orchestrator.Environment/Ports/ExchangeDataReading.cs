using Orchestrator.Domain.Administration;

namespace Orchestrator.Environment.Ports;

/// <summary>
/// S10: what a node says of an application's Exchange data: its system drive, where each database, log, queue and badmail
/// directory lives, and what is known of each volume holding them (protected, in service, whose).
/// </summary>
public sealed record ExchangeDataReading(string SystemDrive, IReadOnlyList<DataFileLocation> Files, IReadOnlyList<DataVolume> Volumes);
