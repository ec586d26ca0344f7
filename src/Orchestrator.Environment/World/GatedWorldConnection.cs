using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>A world connection opened for a write: it holds the file's <see cref="WorldWriteGate"/> and releases it once, when it closes.</summary>
internal sealed class GatedWorldConnection(string connectionString, SemaphoreSlim? gate) : SqliteConnection(connectionString)
{
    private SemaphoreSlim? gate = gate;

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (disposing)
            {
                Interlocked.Exchange(ref gate, null)?.Release();
            }
        }
    }
}
