namespace Orchestrator.Environment.Ports;

/// <summary>An effect the environment refused or could not apply. Transient ones are retried by the engine.</summary>
public class EnvironmentException : Exception
{
    public EnvironmentException(string message, bool transient = true)
        : base(message) => Transient = transient;

    public bool Transient { get; }
}
