using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Services.Admin;
using SmartGov.Hub.Modules.Services.Excel;

namespace SmartGov.Hub.Modules.Services.Apis;

public sealed record PublishResponse(bool Published, ServiceItemView Item);

public sealed record CalendarDayBody(string? Kind, string? Name, string? NameEn);

public sealed record CalendarYearBody(string? Source);

public sealed record ImportResponse(int Rows, int Created, int Updated, int Unchanged, bool DryRun);

/// <summary>
/// The service catalog and the working-day calendar. Guides, search and the calendar are public (other sites and
/// department systems link to them); publishing is for the item department's data administrator or leader, or
/// that department's system; the calendar is edited by the system administrator.
/// </summary>
public static class ServicesApi
{
    public static IEndpointRouteBuilder MapServicesApi(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("api/v1/services").WithTags("Services");
        items.MapGet("/", SearchAsync).WithName("SearchServiceItems")
            .WithSummary("Search or browse the service catalog / 搜索或浏览政务服务事项");
        items.MapGet("/export", ExportAsync).WithName("ExportServiceItems").RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: CatalogSpreadsheet.ContentType)
            .WithSummary("Export items as an xlsx workbook / 导出事项（Excel）");
        items.MapPost("/import", ImportAsync).WithName("ImportServiceItems").RequireAuthorization()
            .Accepts<Stream>(CatalogSpreadsheet.ContentType, "application/octet-stream", "multipart/form-data")
            .WithSummary("Import items from an xlsx workbook; nothing is imported unless every row is valid / 从 Excel 导入事项（全部无误才导入）");
        items.MapGet("/{code}", GetCurrentAsync).WithName("GetServiceItem")
            .WithSummary("The guide of an item: its current version / 办事指南（当前版本）");
        items.MapGet("/{code}/versions", ListVersionsAsync).WithName("ListServiceItemVersions")
            .WithSummary("All versions of an item, newest first / 事项的历史版本");
        items.MapGet("/{code}/versions/{version:int}", GetVersionAsync).WithName("GetServiceItemVersion")
            .WithSummary("One version of an item / 事项的某一版本");
        items.MapPost("/", CreateAsync).WithName("CreateServiceItem").RequireAuthorization()
            .WithSummary("Create an item (version 1) in the caller's department / 新增事项");
        items.MapPut("/{code}", PublishAsync).WithName("PublishServiceItemVersion").RequireAuthorization()
            .WithSummary("Publish a new version of an item / 发布事项新版本");

        app.MapGet("api/v1/service-versions/{versionId:guid}", GetPinnedVersionAsync).WithTags("Services").WithName("GetServiceItemVersionById")
            .WithSummary("A version by its id, as applications pin it / 按版本标识查看事项");

        var calendar = app.MapGroup("api/v1/calendar").WithTags("Calendar");
        calendar.MapGet("/deadline", DeadlineAsync).WithName("ComputeDeadline")
            .WithSummary("Due date and traffic light in working days / 按工作日计算办理期限与红黄绿灯");
        calendar.MapGet("/{year:int}", GetYearAsync).WithName("GetCalendarYear")
            .WithSummary("Holidays and make-up workdays of a year / 某年的节假日与调休");
        calendar.MapPut("/{year:int}", CoverYearAsync).WithName("CoverCalendarYear").RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Mark a year's schedule as entered, with its source / 确认某年的放假安排");
        calendar.MapPut("/days/{date}", SetDayAsync).WithName("SetCalendarDay").RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Add or change a holiday or make-up workday / 设置节假日或调休上班日");
        calendar.MapDelete("/days/{date}", RemoveDayAsync).WithName("RemoveCalendarDay").RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("Remove a holiday or make-up workday / 删除节假日或调休上班日");
        return app;
    }

    // ---- catalog ----

    public static async Task<Results<Ok<ServiceSearchResult>, ProblemHttpResult>> SearchAsync(
        IServiceCatalog catalog, string? q, Guid? departmentId, string? lifeEvent, string? businessStage, string? itemType, int? page, int? pageSize,
        Guid? hallId, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = ParseQuery(errors, q, departmentId, lifeEvent, businessStage, itemType, page, pageSize) is { } parsed ? parsed with { HallId = hallId } : null;
        if (errors.Any)
        {
            return Problems.Validation(errors.All);
        }
        return TypedResults.Ok(await catalog.SearchAsync(query!, ct));
    }

    /// <summary>Shared with the portal page, so that both read the same query the same way.</summary>
    public static ServiceSearchQuery? ParseQuery(FieldErrors errors, string? q, Guid? departmentId, string? lifeEvent, string? businessStage, string? itemType, int? page, int? pageSize)
    {
        LifeEvent? life = null;
        BusinessStage? stage = null;
        ItemType? type = null;
        if (!string.IsNullOrWhiteSpace(lifeEvent))
        {
            if (CatalogParsing.TryLifeEvent(lifeEvent, out var e)) { life = e; }
            else { errors.Add("lifeEvent", "lifeEvent.unknown", $"人生事件“{lifeEvent}”不存在", $"Life event '{lifeEvent}' does not exist."); }
        }
        if (!string.IsNullOrWhiteSpace(businessStage))
        {
            if (CatalogParsing.TryBusinessStage(businessStage, out var s)) { stage = s; }
            else { errors.Add("businessStage", "businessStage.unknown", $"企业阶段“{businessStage}”不存在", $"Business stage '{businessStage}' does not exist."); }
        }
        if (!string.IsNullOrWhiteSpace(itemType))
        {
            if (CatalogParsing.TryItemType(itemType, out var t)) { type = t; }
            else { errors.Add("itemType", "itemType.unknown", $"事项类型“{itemType}”不存在", $"Item type '{itemType}' does not exist."); }
        }
        if (page is < 1 or > 10_000)
        {
            errors.Add("page", "page.range", "页码应在 1 到 10000 之间", "The page must be between 1 and 10000.");
        }
        if (pageSize is < 1 or > 100)
        {
            errors.Add("pageSize", "pageSize.range", "每页条数应在 1 到 100 之间", "The page size must be between 1 and 100.");
        }
        if (q is { Length: > 100 })
        {
            errors.Add("q", "q.too-long", "搜索词不能超过 100 个字", "The search text must be at most 100 characters.");
        }
        return errors.Any ? null : new ServiceSearchQuery(q, departmentId, life, stage, type, page ?? 1, pageSize ?? 20);
    }

    public static async Task<Results<Ok<ServiceItemView>, ProblemHttpResult>> GetCurrentAsync(IServiceCatalog catalog, string code, CancellationToken ct)
    {
        var item = await catalog.FindCurrentAsync(code, ct);
        return item is null ? ItemNotFound(code) : TypedResults.Ok(item);
    }

    public static async Task<Results<Ok<IReadOnlyList<VersionSummary>>, ProblemHttpResult>> ListVersionsAsync(IServiceCatalog catalog, string code, CancellationToken ct)
    {
        var list = await catalog.ListVersionsAsync(code, ct);
        return list.Count == 0 ? ItemNotFound(code) : TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<ServiceItemView>, ProblemHttpResult>> GetVersionAsync(IServiceCatalog catalog, string code, int version, CancellationToken ct)
    {
        var item = await catalog.FindVersionAsync(code, version, ct);
        return item is null
            ? Problems.NotFound($"事项 {code} 没有第 {version} 版", $"Item {code} has no version {version}.")
            : TypedResults.Ok(item);
    }

    public static async Task<Results<Ok<ServiceItemView>, ProblemHttpResult>> GetPinnedVersionAsync(IServiceCatalog catalog, Guid versionId, CancellationToken ct)
    {
        var item = await catalog.FindVersionAsync(versionId, ct);
        return item is null ? Problems.NotFound("事项版本不存在", "The item version does not exist.") : TypedResults.Ok(item);
    }

    public static async Task<Results<Created<PublishResponse>, ProblemHttpResult>> CreateAsync(ServiceItemAdmin admin, ClaimsPrincipal user, ServiceItemInput input, CancellationToken ct)
    {
        var result = await admin.PublishAsync(user, null, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/services/{result.Value!.Item.ImplementationCode}", new PublishResponse(true, result.Value.Item))
            : ToProblem(result);
    }

    public static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(ServiceItemAdmin admin, ClaimsPrincipal user, string code, ServiceItemInput input, CancellationToken ct)
    {
        var result = await admin.PublishAsync(user, code, input, ct);
        return result.Succeeded ? TypedResults.Ok(new PublishResponse(result.Value!.Published, result.Value.Item)) : ToProblem(result);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(CatalogSpreadsheet spreadsheet, TimeProvider clock, Guid? departmentId, CancellationToken ct)
    {
        var bytes = await spreadsheet.ExportAsync(departmentId, ct);
        var name = $"service-items-{ChinaTime.Today(clock):yyyyMMdd}.xlsx";
        return TypedResults.File(bytes, CatalogSpreadsheet.ContentType, name);
    }

    /// <summary>The workbook as the request body (Content-Type xlsx or octet-stream) or as the field "file" of a multipart form.</summary>
    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(CatalogSpreadsheet spreadsheet, HttpRequest request, ClaimsPrincipal user, bool? dryRun, CancellationToken ct)
    {
        if (!ServiceItemAccess.IsEditor(user))
        {
            return Problems.Forbidden("只有部门的数据管理员或部门负责人可以导入事项", "Only a department's data administrator or leader may import items.");
        }
        ImportReport report;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null)
            {
                return Problems.Validation("file", "required", "请选择要导入的 Excel 文件（字段 file）", "Choose the Excel file to import (field 'file').");
            }
            await using var stream = file.OpenReadStream();
            report = await spreadsheet.ImportAsync(user, stream, file.Length, dryRun == true, ct);
        }
        else
        {
            report = await spreadsheet.ImportAsync(user, request.Body, request.ContentLength, dryRun == true, ct);
        }
        if (!report.Succeeded)
        {
            var problem = Problems.Validation(report.Errors.Select(e => new FieldError(
                e.Row is null ? "file" : $"{e.SheetEn}!{e.Column}{e.Row}", e.Code, $"{e.WhereZh}：{e.MessageZh}", $"{e.WhereEn}: {e.MessageEn}")));
            problem.ProblemDetails.Extensions["cells"] = report.Errors;
            return problem;
        }
        return TypedResults.Ok(new ImportResponse(report.Rows, report.Created, report.Updated, report.Unchanged, dryRun == true));
    }

    private static ProblemHttpResult ItemNotFound(string code) =>
        Problems.NotFound($"事项 {code} 不存在或尚未生效", $"Item {code} does not exist or is not in effect yet.");

    private static ProblemHttpResult ToProblem<T>(ServiceResult<T> result) where T : class
    {
        if (result.NotFound)
        {
            return Problems.NotFound("事项不存在", "The item does not exist.");
        }
        if (result.Forbidden is { } forbidden)
        {
            return Problems.Forbidden(forbidden.Zh, forbidden.En);
        }
        if (result.Conflict is { } conflict)
        {
            return Problems.Conflict(conflict.Zh, conflict.En);
        }
        return Problems.Validation(result.Errors);
    }

    // ---- calendar ----

    public static async Task<Results<Ok<CalendarYearView>, ProblemHttpResult>> GetYearAsync(CalendarAdmin admin, int year, CancellationToken ct)
    {
        if (year is < 2000 or > 2100)
        {
            return Problems.Validation("year", "year.range", "年份应在 2000 至 2100 之间", "The year must be between 2000 and 2100.");
        }
        return TypedResults.Ok(await admin.GetYearAsync(year, ct));
    }

    public static async Task<Results<Ok<CalendarYearView>, ProblemHttpResult>> CoverYearAsync(CalendarAdmin admin, int year, CalendarYearBody body, CancellationToken ct)
    {
        var result = await admin.CoverYearAsync(year, body.Source, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ToProblem(result);
    }

    public static async Task<Results<Ok<CalendarDay>, ProblemHttpResult>> SetDayAsync(CalendarAdmin admin, string date, CalendarDayBody body, CancellationToken ct)
    {
        if (!TryDate(date, out var day))
        {
            return BadDate("date", date);
        }
        var result = await admin.SetDayAsync(new CalendarDayInput(day, body.Kind, body.Name, body.NameEn), ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : ToProblem(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDayAsync(CalendarAdmin admin, string date, CancellationToken ct)
    {
        if (!TryDate(date, out var day))
        {
            return BadDate("date", date);
        }
        var result = await admin.RemoveDayAsync(day, ct);
        return result.Succeeded ? TypedResults.NoContent()
            : result.NotFound ? Problems.NotFound($"{date} 不是节假日或调休上班日", $"{date} is neither a holiday nor a make-up workday.") : ToProblem(result);
    }

    /// <summary>
    /// Due date and light, e.g. <c>?acceptedOn=2026-02-13&amp;days=5&amp;pauses=2026-02-24/2026-02-26&amp;extensions=10&amp;today=2026-02-27</c>.
    /// A pause without an end (<c>pauses=2026-02-24/</c>) is still open.
    /// </summary>
    public static async Task<Results<Ok<DeadlineStatus>, ProblemHttpResult>> DeadlineAsync(
        IWorkingCalendar calendar, TimeProvider clock, string? acceptedOn, int? days, string? today, string[]? pauses, int[]? extensions, CancellationToken ct)
    {
        var errors = new FieldErrors();
        DateOnly accepted = default, on = ChinaTime.Today(clock);
        if (!TryDate(acceptedOn, out accepted))
        {
            errors.Add("acceptedOn", "date.format", "受理日期应写作 2026-01-01", "acceptedOn must be a date such as 2026-01-01.");
        }
        if (today is not null && !TryDate(today, out on))
        {
            errors.Add("today", "date.format", "today 应写作 2026-01-01", "today must be a date such as 2026-01-01.");
        }
        if (days is not (>= 0 and <= 365))
        {
            errors.Add("days", "days.range", "时限应为 0 到 365 个工作日", "days must be between 0 and 365 working days.");
        }
        var parsedPauses = new List<ClockPause>();
        foreach (var p in pauses ?? [])
        {
            var parts = p.Split('/');
            if (parts.Length == 2 && TryDate(parts[0], out var from) && (parts[1].Length == 0 || TryDate(parts[1], out _)))
            {
                DateOnly? to = parts[1].Length == 0 ? null : DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                if ((!errors.Any && from < accepted) || (to is { } t && t < from))
                {
                    errors.Add("pauses", "pause.order", $"暂停 {p} 不能早于受理日期，恢复日期不能早于暂停日期", $"Pause {p} cannot start before acceptance or end before it starts.");
                }
                parsedPauses.Add(new ClockPause(from, to));
            }
            else
            {
                errors.Add("pauses", "pause.format", $"暂停“{p}”应写作 开始日期/恢复日期，如 2026-03-04/2026-03-10", $"Pause '{p}' must look like 2026-03-04/2026-03-10.");
            }
        }
        foreach (var e in extensions ?? [])
        {
            if (e is < 1 or > 365)
            {
                errors.Add("extensions", "extension.range", "延长的工作日应为 1 到 365", "An extension must be between 1 and 365 working days.");
            }
        }
        if (errors.Any)
        {
            return Problems.Validation(errors.All);
        }
        var cal = await calendar.GetAsync(ct);
        var status = Deadlines.StatusOn(cal, accepted, days!.Value, on, parsedPauses, (extensions ?? []).Select(e => new ClockExtension(e)).ToList(), calendar.YellowThreshold);
        return TypedResults.Ok(status);
    }

    private static bool TryDate(string? s, out DateOnly date) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static ProblemHttpResult BadDate(string field, string value) =>
        Problems.Validation(field, "date.format", $"日期“{value}”应写作 2026-01-01", $"The date '{value}' must look like 2026-01-01.");
}
