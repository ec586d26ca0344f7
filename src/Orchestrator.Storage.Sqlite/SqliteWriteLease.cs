namespace Orchestrator.Storage.Sqlite;

/// <summary>The right to write one SQLite file in this process (<see cref="SqliteWriteGate"/>); disposing it releases the gate once.</summary>
public sealed class SqliteWriteLease : IDisposable
{
    private const int Waiting = 0;
    private const int Holding = 1;
    private const int Released = 2;

    private readonly SemaphoreSlim? gate;
    private int state;

    internal SqliteWriteLease(SemaphoreSlim? gate, string? fullPath)
    {
        this.gate = gate;
        FullPath = fullPath;
    }

    /// <summary>The lease of a gate that is off: releases nothing.</summary>
    internal static SqliteWriteLease None => new(null, null) { state = Released };

    /// <summary>The file this lease writes, or null when the gate is off.</summary>
    public string? FullPath { get; }

    /// <summary>True once the lease was released (or its wait failed): it no longer holds the gate.</summary>
    public bool IsReleased => Volatile.Read(ref state) == Released;

    internal async Task<SqliteWriteLease> AcquireAsync(CancellationToken cancellationToken)
    {
        try
        {
            await gate!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref state, Released);
            throw;
        }

        Volatile.Write(ref state, Holding);
        return this;
    }

    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref state, Released, Holding) == Holding)
        {
            gate!.Release();
        }
    }
}
