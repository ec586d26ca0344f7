using System.Reflection;
using System.Runtime.ExceptionServices;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// A store (the procedure store, the replica-list store) as one worker sees it through a faulty link: every call goes to
/// the real store unless the interception answers it (a non-null result, e.g. a task that never completes or that fails).
/// </summary>
public class InterceptedStore<TStore> : DispatchProxy where TStore : class, IWorkClaimStore
{
    private TStore _inner = null!;
    private Func<string, object?[], object?> _intercept = null!;

    /// <summary><paramref name="intercept"/> gets the method's name and arguments; null lets the call through.</summary>
    public static TStore Around(TStore inner, Func<string, object?[], object?> intercept)
    {
        var proxy = Create<TStore, InterceptedStore<TStore>>();
        var self = (InterceptedStore<TStore>)(object)proxy;
        (self._inner, self._intercept) = (inner, intercept);
        return proxy;
    }

    /// <summary>
    /// Lease renewals never get through (a paused process, a link that drops them): they hang until the caller gives up,
    /// so this worker's claims expire while its work runs — it becomes a zombie.
    /// </summary>
    public static TStore WithStalledRenewals(TStore inner) => WithRenewalsHeldUntil(inner, new TaskCompletionSource().Task);

    /// <summary>
    /// Lease renewals never reach the store, yet this worker is told they did (a process paused past its lease whose
    /// heartbeat did not see the pause, a link that loses the write after the answer): its claims expire while it believes
    /// them held — a zombie that only the fences (the token on its commit, the world's accepted token) stop.
    /// </summary>
    public static TStore WithBlindRenewals(TStore inner) =>
        Around(inner, (name, _) => name == nameof(IWorkClaimStore.RenewClaimAsync) ? Task.FromResult(true) : null);

    /// <summary>
    /// Lease renewals hang until <paramref name="released"/> completes (a process paused that wakes up), then reach the
    /// real store — which says whether the claim is still held.
    /// </summary>
    public static TStore WithRenewalsHeldUntil(TStore inner, Task released) =>
        Around(inner, (name, args) => name == nameof(IWorkClaimStore.RenewClaimAsync) ? RenewLateAsync(inner, args, released) : null);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_intercept(targetMethod.Name, args ?? []) is { } answer)
        {
            return answer;
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static async Task<bool> RenewLateAsync(TStore inner, object?[] args, Task released)
    {
        var cancellationToken = (CancellationToken)args[^1]!;
        await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await inner.RenewClaimAsync((WorkClaim)args[0]!, (DateTimeOffset)args[1]!, (TimeSpan)args[2]!, cancellationToken).ConfigureAwait(false);
    }
}
