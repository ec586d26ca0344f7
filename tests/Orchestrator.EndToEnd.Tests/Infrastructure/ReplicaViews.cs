namespace Orchestrator.EndToEnd.Tests.Infrastructure;

// The parts of `replicas status --json` and `world folders --json` the tests read.

public sealed record ReplicaUpdateJson(long Id, long ProcedureId, string State, bool IsActive, long Total, long Done, long Changed, long Failed, long Remaining, int RedoneBatches, int BatchSize);

public sealed record FolderSummaryJson(int Folders, IReadOnlyDictionary<string, int> PerServer, long Writes, long Changes, long Failures, int FoldersWithoutReplica, int FoldersWrittenMoreThanOnce);
