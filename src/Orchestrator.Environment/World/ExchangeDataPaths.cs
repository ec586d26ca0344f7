namespace Orchestrator.Environment.World;

/// <summary>
/// S10: where one application's Exchange data lives on a node: the system drive and the directories of the database
/// files, the transaction logs, the SMTP queue and badmail (null: not given, as `world exchange-data` leaves it).
/// </summary>
public sealed record ExchangeDataPaths(string? SystemDrive, string? Database, string? Logs, string? SmtpQueue, string? Badmail);
