namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>A refused command as the tests require it: exit 2, one error line naming what it must, and nothing changed on disk.</summary>
public static class RefusalAssertions
{
    /// <summary>
    /// Runs <paramref name="command"/> and requires exit 2, one error line holding every one of <paramref name="mentions"/>, and
    /// the data directory byte for byte as it was (<see cref="DataDirSnapshot"/>: the definition versions, procedures, audit rows,
    /// the world and the key ring). No process may be running on the directory. Returns the error line.
    /// </summary>
    public static async Task<string> ShouldBeRefusedWithoutChangeAsync(this TempDataDir dir, string[] command, params string[] mentions)
    {
        var before = DataDirSnapshot.Take(dir.Path);
        var refused = await dir.RunAsync(command);
        refused.ShouldExitWith(2);
        var error = refused.ShouldPrintOneError(mentions);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        return error;
    }
}
