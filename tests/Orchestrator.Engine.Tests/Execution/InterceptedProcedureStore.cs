using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>The procedure store through a faulty link (see <see cref="InterceptedStore{TStore}"/>).</summary>
public static class InterceptedProcedureStore
{
    /// <summary><paramref name="intercept"/> gets the method's name and arguments; null lets the call through.</summary>
    public static IProcedureStore Around(IProcedureStore inner, Func<string, object?[], object?> intercept) =>
        InterceptedStore<IProcedureStore>.Around(inner, intercept);

    /// <inheritdoc cref="InterceptedStore{TStore}.WithStalledRenewals"/>
    public static IProcedureStore WithStalledRenewals(IProcedureStore inner) => InterceptedStore<IProcedureStore>.WithStalledRenewals(inner);

    /// <inheritdoc cref="InterceptedStore{TStore}.WithBlindRenewals"/>
    public static IProcedureStore WithBlindRenewals(IProcedureStore inner) => InterceptedStore<IProcedureStore>.WithBlindRenewals(inner);
}
