namespace Orchestrator.Host.Web;

/// <summary>A malformed request to the dashboard (a bad query parameter): answered 400 with this message, which says what is expected.</summary>
public sealed class WebInputException(string message) : Exception(message);
