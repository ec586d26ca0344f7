namespace Orchestrator.Domain.Rules;

/// <summary>
/// What is known of the directory credentials (S15) before directory work: the stored user (null when none is set), the
/// key ring directory, whether it holds any key, and whether the stored password decrypted with it (null when not tried:
/// nothing stored or no key ring).
/// </summary>
public sealed record DirectoryCredentialsObservation(string? User, string KeysDirectory, bool KeyRingPresent, bool? Decrypted);
