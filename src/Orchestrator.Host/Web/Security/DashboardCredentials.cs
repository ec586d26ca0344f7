using System.Text.Json.Serialization;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// The dashboard's credentials as stored in <c>dashboard.json</c> in the data directory: a user with a PBKDF2-SHA256
/// hash of the password (its salt and iteration count beside it), and/or the SHA-256 hash of a bearer token. No
/// secret is ever stored in the clear, so the file can be read without revealing one.
/// </summary>
public sealed record DashboardCredentials
{
    public const string PasswordAlgorithm = "PBKDF2-SHA256";

    /// <summary>The file format (1).</summary>
    [JsonPropertyName("format")]
    public int Format { get; init; } = 1;

    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>Always <see cref="PasswordAlgorithm"/> when a password is set.</summary>
    [JsonPropertyName("passwordAlgorithm")]
    public string? PasswordAlgorithmName { get; init; }

    [JsonPropertyName("passwordIterations")]
    public int PasswordIterations { get; init; }

    /// <summary>Base64 of the random salt.</summary>
    [JsonPropertyName("passwordSalt")]
    public string? PasswordSalt { get; init; }

    /// <summary>Base64 of the derived key.</summary>
    [JsonPropertyName("passwordHash")]
    public string? PasswordHash { get; init; }

    /// <summary>Lower-case hex of the SHA-256 of the token.</summary>
    [JsonPropertyName("tokenSha256")]
    public string? TokenSha256 { get; init; }

    [JsonIgnore]
    public bool HasPassword => User is { Length: > 0 } && PasswordHash is { Length: > 0 } && PasswordSalt is { Length: > 0 } && PasswordIterations > 0;

    [JsonIgnore]
    public bool HasToken => TokenSha256 is { Length: 64 };

    /// <summary>Whether any way to sign in is configured.</summary>
    [JsonIgnore]
    public bool IsConfigured => HasPassword || HasToken;
}
