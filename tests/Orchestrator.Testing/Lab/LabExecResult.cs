namespace Orchestrator.Testing.Lab;

/// <summary>How a command run in a lab namespace (<see cref="LabNetwork.ExecAsync"/>) ended: its exit code and what it wrote.</summary>
public sealed record LabExecResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output then standard error.</summary>
    public string Output => StandardOutput + StandardError;
}
