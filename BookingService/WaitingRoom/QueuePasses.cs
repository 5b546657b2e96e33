using System.Security.Claims;
using Evently.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Evently.BookingService.WaitingRoom;

/// <summary>
/// Queue passes: JWTs signed with the services' shared <c>Jwt:Key</c> under their own audience, so a pass is never a
/// bearer token and a bearer token is never a pass. A pass names its user, event and ticket and expires with the
/// admission; checking one costs an HMAC and no database.
/// </summary>
public sealed class QueuePasses(JwtSettings settings, TimeProvider clock)
{
    public const string Audience = "evently-queue-pass";
    public const string Header = "X-Queue-Pass";
    private const string EventClaim = "event_id";
    private const string TicketClaim = "ticket_id";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(settings.SigningKey(), SecurityAlgorithms.HmacSha256);
    private readonly TokenValidationParameters _validation = new()
    {
        ValidIssuer = settings.Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = settings.SigningKey(),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        // The pass ends when the ticket says it does (both read the replicas' clocks), not some seconds later.
        ClockSkew = TimeSpan.Zero,
    };

    public enum Verdict { Valid, Missing, Expired, Invalid, NotYours }

    public string Issue(QueueTicket ticket)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = DateTime.SpecifyKind(ticket.PassExpiresAt!.Value, DateTimeKind.Utc);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = Audience,
            IssuedAt = now < expires ? now : expires.AddSeconds(-1),
            NotBefore = now < expires ? now : expires.AddSeconds(-1),
            Expires = expires,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = ticket.UserId.ToString(),
                [EventClaim] = ticket.EventId.ToString(),
                [TicketClaim] = ticket.Id.ToString(),
            },
        });
    }

    public async Task<Verdict> CheckAsync(string? pass, Guid userId, Guid eventId)
    {
        if (string.IsNullOrWhiteSpace(pass))
        {
            return Verdict.Missing;
        }

        if (pass.Length > 4096)
        {
            return Verdict.Invalid;
        }

        var result = await _handler.ValidateTokenAsync(pass, _validation);
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenExpiredException ? Verdict.Expired : Verdict.Invalid;
        }

        var claims = result.ClaimsIdentity;
        return Claim(claims, JwtRegisteredClaimNames.Sub) == userId && Claim(claims, EventClaim) == eventId ? Verdict.Valid : Verdict.NotYours;
    }

    private static Guid? Claim(ClaimsIdentity identity, string type) =>
        Guid.TryParse(identity.FindFirst(type)?.Value, out var id) ? id : null;
}
