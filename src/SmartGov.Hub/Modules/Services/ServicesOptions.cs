using System.ComponentModel.DataAnnotations;

namespace SmartGov.Hub.Modules.Services;

public sealed class ServicesOptions
{
    public const string Section = "Services";

    /// <summary>Traffic light turns yellow with this many working days or fewer left.</summary>
    [Range(0, 30)]
    public int YellowThresholdDays { get; set; } = 2;

    /// <summary>
    /// How often (seconds) a node asks the database whether another node published items, and rebuilds its search
    /// index if so. Publishing on the node itself updates its index at once.
    /// </summary>
    [Range(1, 86_400)]
    public int SearchRefreshSeconds { get; set; } = 30;

    /// <summary>How often (seconds) a node reloads the holiday calendar that another node's administrator may have edited.</summary>
    [Range(1, 86_400)]
    public int CalendarRefreshSeconds { get; set; } = 60;

    /// <summary>Largest spreadsheet an import accepts, in bytes.</summary>
    [Range(1024, 104_857_600)]
    public long ImportMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most item rows in one import.</summary>
    [Range(1, 100_000)]
    public int ImportMaxRows { get; set; } = 20_000;
}
