using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Evently.Gateway.Identity;

/// <summary>
/// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned format).
/// An unknown email is checked against a dummy hash so it costs as much as a wrong password.
/// The PBKDF2 iteration count is <c>Identity:PasswordHasher:IterationCount</c> (Identity's default when unset);
/// hashes made with a lower count still verify and are upgraded at the next login.
/// </summary>
public sealed class Passwords
{
    private static readonly User Nobody = new(Guid.Empty, "", "", "", "", DateTime.MinValue);
    private readonly PasswordHasher<User> _hasher;
    private readonly Lazy<string> _dummyHash;

    public Passwords(IOptions<PasswordHasherOptions> options)
    {
        _hasher = new PasswordHasher<User>(options);
        _dummyHash = new(() => _hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));
    }

    public string Hash(string password) => _hasher.HashPassword(Nobody, password);

    public PasswordVerificationResult Verify(User user, string password) =>
        _hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    /// <summary>Spends the same work as <see cref="Verify"/> and always fails.</summary>
    public void VerifyNobody(string password) =>
        _hasher.VerifyHashedPassword(Nobody, _dummyHash.Value, password);
}
