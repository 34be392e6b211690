using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartGov.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Kind { get; private set; } = "other";

    public void OnGet(int code) => Set(code);

    public void OnPost(int code) => Set(code);

    private void Set(int code)
    {
        Kind = code switch { 403 => "403", 404 => "404", 400 => "400", 500 => "500", _ => "other" };
        // Keep the real status on the response: a refused page is a 403, not a 200 with an apology.
        if (code is >= 400 and < 600)
        {
            Response.StatusCode = code;
        }
    }
}
