using System.Reflection;
using System.Runtime.ExceptionServices;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// The procedure store as one worker sees it through a faulty link: every call goes to the real store unless the
/// interception answers it (a non-null result, e.g. a task that never completes or that fails).
/// </summary>
public class InterceptedProcedureStore : DispatchProxy
{
    private IProcedureStore _inner = null!;
    private Func<string, object?[], object?> _intercept = null!;

    /// <summary><paramref name="intercept"/> gets the method's name and arguments; null lets the call through.</summary>
    public static IProcedureStore Around(IProcedureStore inner, Func<string, object?[], object?> intercept)
    {
        var proxy = Create<IProcedureStore, InterceptedProcedureStore>();
        var self = (InterceptedProcedureStore)(object)proxy;
        (self._inner, self._intercept) = (inner, intercept);
        return proxy;
    }

    /// <summary>
    /// Lease renewals never get through (a paused process, a link that drops them): they hang until the caller gives up,
    /// so this worker's claims expire while its actions run — it becomes a zombie.
    /// </summary>
    public static IProcedureStore WithStalledRenewals(IProcedureStore inner) =>
        Around(inner, (name, args) => name == nameof(IProcedureStore.RenewClaimAsync) ? NeverAnswerAsync((CancellationToken)args[^1]!) : null);

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

    private static async Task<bool> NeverAnswerAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        return false;
    }
}
