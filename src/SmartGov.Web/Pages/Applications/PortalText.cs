using System.Globalization;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Web.Pages.Applications;

/// <summary>How the applicant's pages write statuses, actions, times and traffic lights, in the page's language.</summary>
public static class PortalText
{
    public static string Status(ApplicationStatus status)
    {
        var (zh, en) = ApplicationStateMachine.Names(status);
        return Problems.IsChinese ? zh : en;
    }

    public static string Action(ApplicationAction action)
    {
        var (zh, en) = ApplicationStateMachine.Names(action);
        return Problems.IsChinese ? zh : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(en);
    }

    /// <summary>A UTC instant as Beijing time, to the minute.</summary>
    public static string Time(DateTime? utc) =>
        utc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The CSS modifier and the resource key of a traffic light: colour and words, never colour alone.</summary>
    public static (string Css, string Key) Light(TrafficLight? light) => light switch
    {
        TrafficLight.Green => ("sup-light sup-light--green", "app.light.green"),
        TrafficLight.Yellow => ("sup-light sup-light--yellow", "app.light.yellow"),
        TrafficLight.Red => ("sup-light sup-light--red", "app.light.red"),
        _ => ("sup-light sup-light--none", "app.light.none"),
    };

    /// <summary>A byte count as people read it.</summary>
    public static string Size(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => bytes + " B",
        < 1024 * 1024 => (bytes.Value / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes.Value / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
