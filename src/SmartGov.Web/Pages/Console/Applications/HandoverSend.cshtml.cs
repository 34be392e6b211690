using Microsoft.AspNetCore.Mvc;
using SmartGov.Core;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Handover;

namespace SmartGov.Web.Pages.Console.Applications;

/// <summary>What the handover form (<c>_HandoverSend</c>) draws: the application, the region chosen, and the errors of a refused send.</summary>
public sealed record HandoverFormModel(ApplicationView App, string? Selected, IReadOnlyList<FieldError> Errors);

/// <summary>
/// 异地代收代办 through the data exchange: the form on the application page posts here. Success goes back to the
/// application with the receiving platform's number; a refusal or an exchange failure is shown here, with the form
/// again, and the application is unchanged (it can be sent again).
/// </summary>
public sealed class HandoverSendModel(HandoverExchange exchange, ApplicationService applications) : ApplicationsPageModel
{
    public ApplicationView? App { get; private set; }

    [BindProperty(Name = "targetRegionCode")] public string? TargetRegionCode { get; set; }

    public IActionResult OnGet(Guid id) => Redirect($"/console/applications/{id}");

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!MayHandle)
        {
            return Forbid();
        }
        var outcome = await exchange.SendAsync(User, id, TargetRegionCode, ct);
        if (outcome.Sent is { } sent)
        {
            return RedirectWithStatus($"/console/applications/{id}", "handover.status.sent", $"{sent.TargetRegionCode} / {sent.ReceiverNumber}");
        }
        var view = await applications.GetAsync(User, id, ct);
        if (!view.Succeeded)
        {
            return NotFound();
        }
        App = view.Value;
        if (outcome.Refusal is { } refusal)
        {
            return Refusal(refusal, Page)!;
        }
        var f = outcome.Failure!;
        FormMessage = (f.Zh, f.En);
        Response.StatusCode = f.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
        return Page();
    }
}
