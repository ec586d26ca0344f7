namespace Orchestrator.Environment.World;

/// <summary>
/// How many rows of the world's tables one update read and wrote (the ledger and fault tables not counted), and how
/// many statements it ran (<see cref="Statements"/>) and had to prepare (<see cref="Prepared"/>: zero when the store's kept
/// connection had them all).
/// </summary>
public sealed record WorldUpdateRows(int Read, int Written)
{
    /// <summary>Statements (commands) the update prepared anew.</summary>
    public int Prepared { get; init; }

    /// <summary>Statements the update ran (reads and writes of rows, the ledger and the faults; BEGIN and COMMIT not counted).</summary>
    public int Statements { get; init; }
}
