namespace Orchestrator.Environment.World;

/// <summary>How many rows of the world's tables one update read and wrote (the ledger and fault tables not counted).</summary>
public sealed record WorldUpdateRows(int Read, int Written);
