using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Host.Web.Security;

/// <summary>
/// Hashes and checks the dashboard's secrets: passwords with PBKDF2-SHA256 (a random salt, many iterations), tokens
/// with SHA-256 (they are long and random). Every comparison takes the same time whatever the input.
/// </summary>
public static class SecretHasher
{
    /// <summary>PBKDF2-SHA256 iterations for new passwords (OWASP's recommendation).</summary>
    public const int DefaultIterations = 600_000;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static DashboardCredentials WithPassword(DashboardCredentials current, string user, string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(current);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return current with
        {
            User = user,
            PasswordAlgorithmName = DashboardCredentials.PasswordAlgorithm,
            PasswordIterations = iterations,
            PasswordSalt = Convert.ToBase64String(salt),
            PasswordHash = Convert.ToBase64String(key),
        };
    }

    /// <summary>A new random token (256 bits, URL-safe) and the credentials that accept it.</summary>
    public static (string Token, DashboardCredentials Credentials) WithNewToken(DashboardCredentials current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, current with { TokenSha256 = TokenHash(token) });
    }

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool TokenMatches(DashboardCredentials credentials, string token)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!credentials.HasToken)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(credentials.TokenSha256!);
        var given = Encoding.ASCII.GetBytes(TokenHash(token));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public static bool PasswordMatches(DashboardCredentials credentials, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (!credentials.HasPassword || credentials.PasswordAlgorithmName != DashboardCredentials.PasswordAlgorithm)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(credentials.PasswordSalt!);
            expected = Convert.FromBase64String(credentials.PasswordHash!);
        }
        catch (FormatException)
        {
            return false;
        }

        // Both checks always run, so the time taken says nothing about which one failed.
        var userMatches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(credentials.User!)), SHA256.HashData(Encoding.UTF8.GetBytes(user)));
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, credentials.PasswordIterations, HashAlgorithmName.SHA256, expected.Length);
        var passwordMatches = CryptographicOperations.FixedTimeEquals(expected, key);
        return userMatches & passwordMatches;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
