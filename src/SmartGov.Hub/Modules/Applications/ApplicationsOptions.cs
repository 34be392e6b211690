using System.ComponentModel.DataAnnotations;

namespace SmartGov.Hub.Modules.Applications;

public sealed class ApplicationsOptions
{
    public const string Section = "Applications";

    /// <summary>This hub node's two-digit number inside application numbers, so that nodes never hand out the same one.</summary>
    [RegularExpression("^[0-9]{2}$")]
    public string NodeId { get; set; } = "01";

    /// <summary>The city's region code: online applications are numbered under it.</summary>
    [RegularExpression("^[0-9]{6}$")]
    public string CityRegionCode { get; set; } = "371800";

    /// <summary>How many numbers a node reserves at a time; unused ones of a block are skipped after a restart.</summary>
    [Range(1, 10_000)]
    public int SequenceBlock { get; set; } = 100;

    /// <summary>Whether applicants see the names of the officers who handled their application (the city's policy).</summary>
    public bool ShowOfficerNames { get; set; }

    /// <summary>Working days within which intake is decided (行政许可法 第三十二条: on the spot or within five days).</summary>
    [Range(0, 30)]
    public int IntakeDays { get; set; } = 5;

    /// <summary>Minutes between deadline sweeps (reminders and escalations); 0 turns the background sweep off.</summary>
    [Range(0, 24 * 60)]
    public int SweepMinutes { get; set; } = 30;

    /// <summary>How often the dashboard rollups fold in new history, in milliseconds; 0 turns the worker off.</summary>
    [Range(0, 60_000)]
    public int RollupIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Longest extension one request may ask for, in working days (行政许可法 第四十二条: ten, with the leader's approval).</summary>
    [Range(1, 60)]
    public int MaxExtensionDays { get; set; } = 10;
}
