using System.Net.Mail;

namespace Evently.Gateway.Identity;

public sealed record RegisterRequest(string? Email, string? Password, string? Name);

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>Field-level checks; each returns <c>{ field: [messages] }</c>, empty when the request is fine.</summary>
public static class AuthValidation
{
    public const int MinPasswordLength = 8;
    // PBKDF2 cost grows with input length; a cap keeps a giant password from being a cheap CPU attack.
    public const int MaxPasswordLength = 128;
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 200;

    public static Dictionary<string, string[]> Validate(RegisterRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body with email, password and name is required."];
            return errors;
        }

        if (EmailError(request.Email) is { } email)
        {
            errors["email"] = [email];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Password is required."];
        }
        else if (request.Password.Length < MinPasswordLength)
        {
            errors["password"] = [$"Password must be at least {MinPasswordLength} characters."];
        }
        else if (request.Password.Length > MaxPasswordLength)
        {
            errors["password"] = [$"Password must be at most {MaxPasswordLength} characters."];
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["name"] = ["Name is required."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"Name must be at most {MaxNameLength} characters."];
        }

        return errors;
    }

    /// <summary>Login only checks presence: saying more would tell which emails exist.</summary>
    public static Dictionary<string, string[]> Validate(LoginRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body with email and password is required."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors["email"] = ["Email is required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Password is required."];
        }

        return errors;
    }

    public static string? EmailError(string? value)
    {
        var email = value?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return "Email is required.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"Email must be at most {MaxEmailLength} characters.";
        }

        // MailAddress also accepts "Name <a@b.c>"; demanding the bare address back rejects display names.
        return MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && !email.Any(char.IsWhiteSpace)
            ? null
            : "Email is not a valid email address.";
    }
}
