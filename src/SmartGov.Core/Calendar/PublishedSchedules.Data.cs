namespace SmartGov.Core.Calendar;

/// <summary>
/// The schedules as published, one JSON document per year (kept in code so the pure library needs no resource files).
/// Add a year by adding its document here once the State Council has published it, or enter it in the console.
/// </summary>
public static partial class PublishedSchedules
{
    private static readonly string[] Documents =
    [
        """
        {
          "year": 2026,
          "source": "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
          "sourceEn": "General Office of the State Council: notice on the 2026 public holiday schedule (4 November 2025)",
          "holidays": [
            { "name": "元旦", "nameEn": "New Year's Day", "off": ["2026-01-01", "2026-01-03"], "work": ["2026-01-04"] },
            { "name": "春节", "nameEn": "Spring Festival", "off": ["2026-02-15", "2026-02-23"], "work": ["2026-02-14", "2026-02-28"] },
            { "name": "清明节", "nameEn": "Qingming Festival", "off": ["2026-04-04", "2026-04-06"], "work": [] },
            { "name": "劳动节", "nameEn": "Labour Day", "off": ["2026-05-01", "2026-05-05"], "work": ["2026-05-09"] },
            { "name": "端午节", "nameEn": "Dragon Boat Festival", "off": ["2026-06-19", "2026-06-21"], "work": [] },
            { "name": "中秋节", "nameEn": "Mid-Autumn Festival", "off": ["2026-09-25", "2026-09-27"], "work": [] },
            { "name": "国庆节", "nameEn": "National Day", "off": ["2026-10-01", "2026-10-07"], "work": ["2026-09-20", "2026-10-10"] }
          ]
        }
        """,
    ];
}
