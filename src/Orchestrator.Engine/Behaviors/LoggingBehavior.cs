using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Engine.Behaviors;

/// <summary>
/// Logs every command and query with its duration and outcome (messages carry no secrets by construction).
/// A refusal is the caller's to report, so it is logged at Information: the log file has it, the console does not repeat it.
/// </summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken).ConfigureAwait(false);
            logger.LogDebug("{Message} handled in {ElapsedMs:F1} ms", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e)
        {
            logger.LogInformation("{Message} failed after {ElapsedMs:F1} ms: {Error}", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
            throw;
        }
    }
}
