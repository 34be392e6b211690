using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using QRCoder;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Applications;

/// <summary>
/// /applications/{number}/receipt: the printable receipt (受理回执) with a QR code of the public tracking address. The
/// applicant and the window clerk who entered it may open it (the service decides); anyone else gets 404.
/// </summary>
[Authorize]
public sealed class ReceiptModel(ApplicationService applications, IOrganizationDirectory organizations) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public ApplicationView App { get; private set; } = null!;

    public string? HallName { get; private set; }

    /// <summary>The tracking page for this number, relative (the link) and absolute (what the QR code holds).</summary>
    public string TrackingPath { get; private set; } = "";

    public string TrackingUrl { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var found = await applications.GetByNumberAsync(User, number, ct);
        if (!found.Succeeded || found.Value!.Number is null)
        {
            return NotFound();
        }
        App = found.Value;
        if (App.HallId is { } hallId)
        {
            HallName = (await organizations.ListServiceHallsAsync(ct)).FirstOrDefault(h => h.Id == hallId)?.Name;
        }
        TrackingPath = TrackingPathFor(App.Number!);
        TrackingUrl = $"{Request.Scheme}://{Request.Host}{TrackingPath}";
        QrDataUri = QrSvgDataUri(TrackingUrl);
        return Page();
    }

    public static string TrackingPathFor(string number) => "/track?number=" + Uri.EscapeDataString(number);

    /// <summary>An SVG QR code (error correction M) as a data: URI, which the site's content security policy allows for images.</summary>
    public static string QrSvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }
}
