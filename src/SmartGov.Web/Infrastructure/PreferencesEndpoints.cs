using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Web.Infrastructure;

/// <summary>
/// Language and elderly-friendly mode (适老化). Plain form posts, so they work without JavaScript.
/// Signed-in users keep their choice on their account, so it follows them to another device.
/// </summary>
internal static class PreferencesEndpoints
{
    public const string ElderlyCookie = "sg.elderly";

    public static void Map(WebApplication app)
    {
        var group = app.MapGroup("/preferences").ExcludeFromDescription();
        group.MapPost("/culture", SetCultureAsync);
        group.MapPost("/elderly", SetElderlyAsync);
    }

    private static async Task<IResult> SetCultureAsync(HttpContext context, [FromForm] string? culture, [FromForm] string? returnUrl, UserManager<AppUser> users)
    {
        var chosen = culture is "en-US" ? "en-US" : "zh-CN";
        WriteCultureCookie(context, chosen);
        var user = await users.GetUserAsync(context.User);
        if (user is not null && user.PreferredCulture != chosen)
        {
            user.PreferredCulture = chosen;
            await users.UpdateAsync(user);
        }
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    private static async Task<IResult> SetElderlyAsync(HttpContext context, [FromForm] string? enabled, [FromForm] string? returnUrl, UserManager<AppUser> users)
    {
        var on = enabled is "true" or "on" or "1";
        WriteElderlyCookie(context, on);
        var user = await users.GetUserAsync(context.User);
        if (user is not null && user.ElderlyMode != on)
        {
            user.ElderlyMode = on;
            await users.UpdateAsync(user);
        }
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    public static void WriteCultureCookie(HttpContext context, string culture) =>
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    public static void WriteElderlyCookie(HttpContext context, bool on) =>
        context.Response.Cookies.Append(ElderlyCookie, on ? "1" : "0",
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    /// <summary>Restores a signed-in user's saved preferences into cookies.</summary>
    public static void ApplyUserPreferences(HttpContext context, AppUser user)
    {
        if (user.PreferredCulture is { } culture)
        {
            WriteCultureCookie(context, culture);
        }
        WriteElderlyCookie(context, user.ElderlyMode);
    }

    public static bool IsElderly(HttpContext context) => context.Request.Cookies[ElderlyCookie] == "1";

    public static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
