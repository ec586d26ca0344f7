namespace Orchestrator.Workflows.UserMove;

/// <summary>Which recorded failed users a move takes: all, one domain's, or one user (stored in the step's target).</summary>
public sealed record UserSelector(string Kind, string? Value)
{
    public static UserSelector All { get; } = new("all", null);

    public static UserSelector Domain(string domain) => new("domain", domain);

    public static UserSelector User(string user) => new("user", user);

    public static UserSelector Parse(string text) => text.Split(':', 2) switch
    {
        ["all"] => All,
        ["domain", var d] => Domain(d),
        ["user", var u] => User(u),
        _ => throw new ArgumentException($"not a user selector: '{text}'", nameof(text)),
    };

    public bool Matches(string user, string? domain) => Kind switch
    {
        "domain" => string.Equals(domain, Value, StringComparison.OrdinalIgnoreCase),
        "user" => string.Equals(user, Value, StringComparison.OrdinalIgnoreCase),
        _ => true,
    };

    public override string ToString() => Value is null ? Kind : $"{Kind}:{Value}";
}
