using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Audit;

/// <summary>How audit times and names are shown: Beijing time (UTC+8, no daylight saving), localized labels.</summary>
public static class AuditDisplay
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string Time(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset t) => t.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The start of a Beijing calendar day, in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Beijing).UtcDateTime;

    public static string DepartmentName(IReadOnlyDictionary<Guid, DepartmentInfo> departments, Guid? id, bool chinese) =>
        id is { } d && departments.TryGetValue(d, out var info) ? (chinese ? info.Name : info.NameEn ?? info.Name) : "—";

    /// <summary>The localized label of a stable code (action, outcome, actor type), or the code itself if it has none yet.</summary>
    public static string Label(IStringLocalizer t, string prefix, string code)
    {
        var s = t[prefix + code];
        return s.ResourceNotFound ? code : s.Value;
    }

    /// <summary>
    /// The text, HTML-encoded, with &lt;wbr&gt; after each comma (or every <paramref name="every"/> characters), so one long
    /// JSON or base64 line wraps on screen while its text, and what is copied from it, stays exactly the same.
    /// </summary>
    public static Microsoft.AspNetCore.Html.HtmlString Wrappable(string text, int? every = null)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (every is { } n ? (i + 1 - start) == n : text[i] == ',')
            {
                parts.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return new Microsoft.AspNetCore.Html.HtmlString(string.Join("<wbr>", parts.Select(System.Net.WebUtility.HtmlEncode)));
    }
}
