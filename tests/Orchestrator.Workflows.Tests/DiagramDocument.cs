namespace Orchestrator.Workflows.Tests;

/// <summary>The text of a procedure folder's diagram.md.</summary>
internal static class DiagramDocument
{
    public static string Render(string procedure, string mermaid) =>
        $"# {procedure} — state machine\n\nGenerated from the code by `ProcedureDiagramTests`; do not edit by hand.\n\n```mermaid\n{mermaid.TrimEnd()}\n```\n";
}
