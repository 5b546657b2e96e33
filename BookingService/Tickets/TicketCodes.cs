using System.Security.Cryptography;

namespace Evently.BookingService.Tickets;

/// <summary>
/// Ticket codes: one byte naming the booking shard that stores the ticket, then 16 bytes (128 bits) from
/// <see cref="RandomNumberGenerator"/>, written as RFC 4648 base32 without padding: 28 characters of A–Z and 2–7,
/// printable, unambiguous to read out, and within the QR code alphanumeric mode. Check-in finds the shard from the
/// first byte, as booking ids carry theirs (<see cref="Sharding.BookingIds"/>).
/// </summary>
public static class TicketCodes
{
    public const int RandomBytes = 16;
    public const int Length = 28; // ceil((1 + 16) * 8 / 5)
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string New(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shard, 255);
        Span<byte> bytes = stackalloc byte[1 + RandomBytes];
        bytes[0] = (byte)shard;
        RandomNumberGenerator.Fill(bytes[1..]);
        return Encode(bytes);
    }

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, n = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[n++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars[..n]);
    }

    /// <summary>
    /// Reads a scanned or typed code: case, spaces and dashes are forgiven. False when it cannot be a ticket code
    /// (wrong length or characters); otherwise the canonical code and the shard its first byte names.
    /// </summary>
    public static bool TryParse(string? value, out string code, out int shard)
    {
        code = "";
        shard = -1;
        if (value is null || value.Length > 64)
        {
            return false;
        }

        var cleaned = new string([.. value.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant)]);
        if (cleaned.Length != Length || !cleaned.All(c => Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        // The first 8 bits are the first character's 5 and the second's top 3.
        shard = (Alphabet.IndexOf(cleaned[0], StringComparison.Ordinal) << 3) | (Alphabet.IndexOf(cleaned[1], StringComparison.Ordinal) >> 2);
        code = cleaned;
        return true;
    }
}
