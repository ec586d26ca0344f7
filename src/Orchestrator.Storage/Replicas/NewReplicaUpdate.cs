namespace Orchestrator.Storage.Replicas;

/// <summary>A replica-list update to start for a completed move of a hierarchy.</summary>
public sealed record NewReplicaUpdate(
    long ProcedureId,
    string Hierarchy,
    string FromServer,
    string ToServer,
    string InitialState,
    int BatchSize,
    int Parallelism,
    string RequestedBy,
    DateTimeOffset At);
