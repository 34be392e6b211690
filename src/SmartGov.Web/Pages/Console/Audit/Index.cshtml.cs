using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Web.Pages.Console.Audit;

/// <summary>
/// The audit administrator's view of the audit trail (the folder is authorised for the Auditor policy only, so the
/// system and security administrators are refused): filters, a table, and a link to each entry's verified proof.
/// A GET form, so it works without JavaScript and every filtered view can be bookmarked.
/// </summary>
public sealed class AuditIndexModel(IAuditQuery query, IAuditLog log, IOrganizationDirectory directory, IPersonalDataCipher cipher) : FormPageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "action")] public string? ActionFilter { get; set; }
    [FromQuery] public string? Actor { get; set; }
    [FromQuery] public Guid? Department { get; set; }
    [FromQuery] public string? Person { get; set; }
    [FromQuery] public string? Purpose { get; set; }
    [FromQuery] public string? From { get; set; }
    [FromQuery] public string? To { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntryView> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int Unsequenced { get; private set; }
    public SignedTreeHead? Head { get; private set; }
    public IReadOnlyDictionary<Guid, DepartmentInfo> Departments { get; private set; } = new Dictionary<Guid, DepartmentInfo>();
    public IReadOnlyList<string> Actions => AuditActions.All;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(PageNumber, 1);
        Departments = (await directory.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var errors = new FieldErrors();
        string? personIndex = null;
        if (!string.IsNullOrWhiteSpace(Person))
        {
            var check = SmartGov.Core.IdNumber.Validate(Person.Trim());
            if (check.IsValid)
            {
                personIndex = cipher.BlindIndex(PersonalDataKind.IdNumber, SmartGov.Core.IdNumber.Normalize(Person.Trim()));
            }
            else
            {
                errors.Check("person", check);
            }
        }
        var from = ParseDay(From, "from", errors);
        var to = ParseDay(To, "to", errors);
        if (!string.IsNullOrEmpty(ActionFilter) && !AuditActions.All.Contains(ActionFilter, StringComparer.Ordinal))
        {
            ActionFilter = null;
        }
        if (errors.Any)
        {
            AddErrors(errors.All);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return;
        }
        var filter = new AuditFilter(
            Action: ActionFilter,
            Actor: Actor,
            DepartmentId: Department,
            PersonIndex: personIndex,
            Purpose: Purpose,
            From: from is { } f ? AuditDisplay.StartOfDayUtc(f) : null,
            To: to is { } t ? AuditDisplay.StartOfDayUtc(t.AddDays(1)) : null);
        Items = await query.FindEntriesAsync(filter, (int)Math.Min((PageNumber - 1L) * PageSize, int.MaxValue), PageSize, ct);
        Total = await query.CountEntriesAsync(filter, ct);
        Head = await log.LatestHeadAsync(ct);
        Unsequenced = Items.Count(i => i.Sequence is null);
    }

    private static DateOnly? ParseDay(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add(field, "audit.date", "日期格式应为 年-月-日，例如 2026-11-29", "Use a date like 2026-11-29 (year-month-day).");
        return null;
    }

    /// <summary>This page's URL with the current filters and another page number.</summary>
    public string PageUrl(int page)
    {
        var q = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                q.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("action", ActionFilter);
        Add("actor", Actor);
        Add("department", Department?.ToString());
        Add("person", Person);
        Add("purpose", Purpose);
        Add("from", From);
        Add("to", To);
        q.Add($"page={page}");
        return "/console/audit?" + string.Join("&", q);
    }
}
