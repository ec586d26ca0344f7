namespace Orchestrator.Cli.Infrastructure;

/// <summary>The exit codes of every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The procedure failed, was cancelled, or waits for an operator.</summary>
    public const int ProcedureFailed = 1;

    /// <summary>Bad input: a malformed file, an unknown object, an empty or damaged data directory.</summary>
    public const int BadInput = 2;

    /// <summary>Conflict: another procedure is active on the hierarchy, or another runner holds the data directory.</summary>
    public const int Conflict = 3;
}
