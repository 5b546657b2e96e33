using QRCoder;

namespace Evently.BookingService.Tickets;

/// <summary>A ticket code as a QR code image (QRCoder, no System.Drawing). The code is base32, so alphanumeric mode fits it.</summary>
public static class TicketQr
{
    // Quartile error correction: a printed ticket survives a crease or a smudge.
    private const QRCodeGenerator.ECCLevel Ecc = QRCodeGenerator.ECCLevel.Q;

    public static string Svg(string code)
    {
        using var data = QRCodeGenerator.GenerateQrCode(code, Ecc);
        return new SvgQRCode(data).GetGraphic(8);
    }

    public static byte[] Png(string code)
    {
        using var data = QRCodeGenerator.GenerateQrCode(code, Ecc);
        return new PngByteQRCode(data).GetGraphic(8);
    }
}
