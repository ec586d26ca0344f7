using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Rules;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent;

/// <summary>
/// Runs the actions asked of the agent. Start and stop go through the ledger: an effect applied before is replayed
/// (counted, nothing run), a fencing token lower than the one accepted for that effect is refused as stale
/// (<see cref="StaleClaimRule"/>, as the simulated world does; counted, nothing run), anything else runs the kind and
/// a success is committed to the ledger before the answer (a failure is not, so a retry runs it again). Actions on one
/// resource run one at a time. An action the kind does not end within its timeout is answered GenericError; the
/// resource stays locked until the kind returns, and a late success is still recorded (a retry is then a replay).
/// </summary>
internal sealed class AgentActions(ResourceKindCatalog kinds, AgentLedger ledger, string node, TimeProvider time, ILogger logger)
{
    private readonly ResourceLocks _locks = new();

    public async Task<AgentAnswer> RunAsync(AgentActionRequest? request, CancellationToken stopping)
    {
        if (Invalid(request) is { } refusal)
        {
            return refusal;
        }

        // A body without parameters means none (the kinds read them as a dictionary).
        request = request! with { Resource = request.Resource with { Parameters = request.Resource.Parameters ?? new Dictionary<string, string>() } };
        var (effectKey, token, resource, verb, timeoutSeconds) = request;
        if (!kinds.TryGet(resource.Kind, out var kind))
        {
            return BadRequest(OcfExit.NotInstalled, $"unknown resource kind '{resource.Kind}' for {resource.Name}; this agent has: {string.Join(", ", kinds.Names)}");
        }

        var ledgered = verb is ResourceVerb.Start or ResourceVerb.Stop;
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Node"] = node, ["Kind"] = resource.Kind, ["Resource"] = resource.Name, ["Verb"] = AgentLedger.VerbName(verb), ["EffectKey"] = effectKey,
        });
        var lease = await _locks.EnterAsync(resource.Kind, resource.Name, stopping).ConfigureAwait(false);
        var leaseOwnedByRun = false;
        try
        {
            if (ledgered)
            {
                var accepted = ledger.AcceptedToken(effectKey!, resource, verb);
                if (StaleClaimRule.IsStale(token, accepted))
                {
                    ledger.RecordRefusal(effectKey!, resource, verb);
                    var why = StaleClaimRule.Describe(token, accepted!.Value, AgentLedger.VerbName(verb), $"{resource.Kind} {resource.Name}", node);
                    logger.LogWarning("Refused {Verb} of {Kind} {Resource} for {EffectKey}: {Reason}", AgentLedger.VerbName(verb), resource.Kind, resource.Name, effectKey, why);
                    return new AgentAnswer(StatusCodes.Status409Conflict, new AgentActionResponse(AgentOutcome.Stale, OcfExit.GenericError, why));
                }

                if (accepted is { } highest)
                {
                    ledger.RecordReplay(effectKey!, StaleClaimRule.Accepted(token, highest), resource, verb);
                    logger.LogInformation("Replayed {Verb} of {Kind} {Resource} for {EffectKey}: applied before, nothing run", AgentLedger.VerbName(verb), resource.Kind, resource.Name, effectKey);
                    return Ok(AgentOutcome.Replayed, OcfExit.Success, $"{effectKey} was applied before; nothing run");
                }
            }

            var timeout = TimeSpan.FromSeconds(timeoutSeconds);
            var run = RunAndRecordAsync(kind, request, timeout);
            if (await Task.WhenAny(run, Task.Delay(timeout, time, stopping)).ConfigureAwait(false) != run)
            {
                leaseOwnedByRun = true;
                _ = run.ContinueWith(_ => lease.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                logger.LogWarning("{Verb} of {Kind} {Resource} did not end within {TimeoutSeconds} s: answered as failed; the resource stays locked until it ends",
                    AgentLedger.VerbName(verb), resource.Kind, resource.Name, timeoutSeconds);
                return Ok(AgentOutcome.Failed, OcfExit.GenericError, $"{AgentLedger.VerbName(verb)} of {resource.Kind} {resource.Name} timed out after {timeoutSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }

            var result = await run.ConfigureAwait(false);
            var succeeded = result.Succeeded || (verb == ResourceVerb.Monitor && result.Exit == OcfExit.NotRunning);
            if (!succeeded)
            {
                logger.LogWarning("{Verb} of {Kind} {Resource} failed: {Exit} {Message}", AgentLedger.VerbName(verb), resource.Kind, resource.Name, result.Exit, result.Message);
            }
            else if (ledgered)
            {
                logger.LogInformation("Applied {Verb} of {Kind} {Resource} for {EffectKey} (fencing token {FencingToken})", AgentLedger.VerbName(verb), resource.Kind, resource.Name, effectKey, token);
            }

            return Ok(succeeded ? AgentOutcome.Applied : AgentOutcome.Failed, result.Exit, result.Message);
        }
        finally
        {
            if (!leaseOwnedByRun)
            {
                lease.Dispose();
            }
        }
    }

    public IReadOnlyList<AgentLedgerEntry> Ledger() => ledger.Entries();

    /// <summary>Runs the kind (its timeout cancels it; an exception is a generic error) and commits a start or stop that succeeded.</summary>
    private async Task<ResourceResult> RunAndRecordAsync(IResourceKind kind, AgentActionRequest request, TimeSpan timeout)
    {
        ResourceResult result;
        using (var cancel = new CancellationTokenSource(timeout, time))
        {
            try
            {
                result = await kind.RunAsync(request.Resource, request.Verb, timeout, cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                result = new ResourceResult(OcfExit.GenericError, $"timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            }
            catch (Exception e)
            {
                result = new ResourceResult(OcfExit.GenericError, $"{request.Resource.Kind} failed: {e.Message}");
            }
        }

        if (result.Succeeded && request.Verb is ResourceVerb.Start or ResourceVerb.Stop)
        {
            try
            {
                ledger.RecordApplied(request.EffectKey!, request.FencingToken, request.Resource, request.Verb, time.GetUtcNow());
            }
            catch (ObjectDisposedException)
            {
                // a late success (past its timeout) while the agent stops: not recorded, so a retry runs it again (kinds "ensure")
                logger.LogWarning("{Verb} of {Kind} {Resource} for {EffectKey} ended after the agent stopped: not recorded", AgentLedger.VerbName(request.Verb), request.Resource.Kind, request.Resource.Name, request.EffectKey);
            }
        }

        return result;
    }

    private static AgentAnswer? Invalid(AgentActionRequest? request)
    {
        if (request?.Resource is not { } resource)
        {
            return BadRequest(OcfExit.InvalidArgument, "the body must be an action: {\"effectKey\", \"fencingToken\", \"resource\": {\"kind\", \"name\", \"parameters\"}, \"verb\", \"timeoutSeconds\"}");
        }

        if (string.IsNullOrWhiteSpace(resource.Kind) || string.IsNullOrWhiteSpace(resource.Name))
        {
            return BadRequest(OcfExit.InvalidArgument, "the resource needs a kind and a name");
        }

        if (!Enum.IsDefined(request.Verb))
        {
            return BadRequest(OcfExit.InvalidArgument, $"unknown verb {request.Verb}; the verbs are start, stop, monitor, meta-data");
        }

        if (request.TimeoutSeconds <= 0)
        {
            return BadRequest(OcfExit.InvalidArgument, $"timeoutSeconds must be positive (was {request.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)})");
        }

        return request.Verb is ResourceVerb.Start or ResourceVerb.Stop && string.IsNullOrWhiteSpace(request.EffectKey)
            ? BadRequest(OcfExit.InvalidArgument, $"{AgentLedger.VerbName(request.Verb)} of {resource.Kind} {resource.Name} needs the effect key of the step that asks (procedure:step:generation)")
            : null;
    }

    private static AgentAnswer Ok(AgentOutcome outcome, OcfExit exit, string message) =>
        new(StatusCodes.Status200OK, new AgentActionResponse(outcome, exit, message));

    private static AgentAnswer BadRequest(OcfExit exit, string message) =>
        new(StatusCodes.Status400BadRequest, new AgentActionResponse(AgentOutcome.Failed, exit, message));
}
