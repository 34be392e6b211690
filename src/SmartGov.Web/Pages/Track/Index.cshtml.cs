using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Web.Pages.Track;

/// <summary>
/// /track: public tracking (办件查询) by application number and the last four characters of the applicant's ID number
/// or credit code. A GET form, so the receipt's QR code can open it with the number filled in. Status and history
/// only, without names; a wrong pair looks exactly like an unknown number. Rate limited like the tracking API (the
/// same policy and budget per client), since number + four characters invite guessing.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(ApplicationsModule.TrackingRateLimit)]
public sealed class IndexModel(ApplicationService applications) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "number")]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true, Name = "check")]
    public string? Check { get; set; }

    public TrackingView? Result { get; private set; }

    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Check))
        {
            // Opened from the QR code (number only) or fresh: just the form.
            if (Number is not null && Check is not null)
            {
                Errors.Add(new("check", "check.required", "请填写证件号码后四位", "Enter the last four characters of the ID number or credit code."));
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            }
            return Page();
        }
        if (string.IsNullOrWhiteSpace(Number))
        {
            Errors.Add(new("number", "number.required", "请填写办件编号", "Enter the application number."));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Searched = true;
        Result = await applications.TrackAsync(Number, Check, ct);
        if (Result is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
