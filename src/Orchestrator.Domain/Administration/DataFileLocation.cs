namespace Orchestrator.Domain.Administration;

/// <summary>
/// S10: where one piece of the server's Exchange data lives: its kind, whose it is (<paramref name="Owner"/>, e.g.
/// "mailbox store MS1 of storage group SG1", "SMTP virtual server 1"), the volume it is on (<paramref name="Volume"/>, e.g.
/// "E:") and its path.
/// </summary>
public sealed record DataFileLocation(DataFileKind Kind, string Owner, string Volume, string Path);
