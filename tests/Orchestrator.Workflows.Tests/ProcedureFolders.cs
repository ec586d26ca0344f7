namespace Orchestrator.Workflows.Tests;

/// <summary>The folder of workflows/Orchestrator.Workflows a discovered type lives in: the last part of its namespace.</summary>
internal static class ProcedureFolders
{
    public static string Of(Type type) => type.Namespace![(type.Namespace!.LastIndexOf('.') + 1)..];
}
