using SkiaSharp;
using StbImageSharp;
using Svg.Skia;
using ZXing;
using ZXing.Common;

namespace Evently.BoxOffice.Tests.Tickets;

/// <summary>
/// Reads QR codes the way a scanner would: the PNG decoded to pixels (StbImageSharp), the SVG rendered by a real
/// rasterizer (Svg.Skia on SkiaSharp), then ZXing finds and decodes the symbol.
/// </summary>
public static class QrDecoder
{
    public static string? DecodePng(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        return Decode(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
    }

    public static string? DecodeSvg(string svg)
    {
        using var document = new SKSvg();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(svg));
        var picture = document.Load(stream) ?? throw new InvalidOperationException("The SVG did not load.");
        var bounds = picture.CullRect;
        // At least 4 pixels a module whatever size the SVG says it is.
        var scale = Math.Max(1f, 600f / Math.Max(bounds.Width, bounds.Height));
        var (width, height) = ((int)Math.Ceiling(bounds.Width * scale), (int)Math.Ceiling(bounds.Height * scale));
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.Scale(scale);
            canvas.Translate(-bounds.Left, -bounds.Top);
            canvas.DrawPicture(picture);
        }

        return Decode(bitmap.Bytes, width, height, RGBLuminanceSource.BitmapFormat.RGBA32);
    }

    private static string? Decode(byte[] pixels, int width, int height, RGBLuminanceSource.BitmapFormat format)
    {
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(new RGBLuminanceSource(pixels, width, height, format))?.Text;
    }
}
