namespace Orchestrator.Lab.Client;

/// <summary>A server's reply: its three-digit code and its last line's text.</summary>
public sealed record SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;
}
