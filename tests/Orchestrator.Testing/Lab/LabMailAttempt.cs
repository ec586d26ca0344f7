namespace Orchestrator.Testing.Lab;

/// <summary>
/// One message of the load client: its id, the server's final reply code (0: none, the connection failed), when
/// (since the client's start) and the server that answered (the node in the banner) or how the connection failed.
/// </summary>
public sealed record LabMailAttempt(string Id, int Code, TimeSpan At, string Server)
{
    public bool Accepted => Code == 250;
}
