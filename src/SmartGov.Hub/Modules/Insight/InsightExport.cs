using MiniExcelLibs;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Insight;

/// <summary>
/// Every table of the dashboard as an xlsx workbook (MiniExcel), one sheet, headers in the caller's language: what
/// leaders' offices paste into their reports.
/// </summary>
public static class InsightExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The dashboard's tables, by the name used in ?table=.</summary>
    public static readonly IReadOnlyList<string> DashboardTables =
        ["daily", "weekly", "departments", "items", "halls", "overdue", "satisfaction", "worst-items", "lights", "ranking", "exchange", "exchange-daily"];

    private static string H(string zh, string en) => Problems.IsChinese ? zh : en;

    private static double? Percent(double? rate) => rate is { } r ? Math.Round(100 * r, 1) : null;

    public static bool IsDashboardTable(string? table) => table is not null && DashboardTables.Contains(table, StringComparer.Ordinal);

    /// <summary>The rows of one dashboard table (also what the HTML table shows).</summary>
    public static List<Dictionary<string, object?>> Rows(string table, InsightDashboard d) => table switch
    {
        "daily" => d.Daily.Select(p => Line((H("日期", "Day"), InsightService.Iso(p.Start)), (H("网上办理", "Online"), p.Online),
            (H("窗口办理", "Window"), p.Window), (H("合计", "Total"), p.Total))).ToList(),
        "weekly" => d.Weekly.Select(p => Line((H("周（起始周一）", "Week (Monday)"), InsightService.Iso(p.Start)), (H("网上办理", "Online"), p.Online),
            (H("窗口办理", "Window"), p.Window), (H("合计", "Total"), p.Total))).ToList(),
        "departments" => Figures(d.ByDepartment, H("部门", "Department")),
        "items" => Figures(d.ByItem, H("事项", "Item")),
        "halls" => Figures(d.ByHall, H("大厅", "Hall")),
        "overdue" => d.Overdue.Select(o => Line((H("部门", "Department"), o.DepartmentName), (H("超期办件", "Overdue applications"), o.Applications),
            (H("超期环节", "Overdue steps"), o.Steps))).ToList(),
        "satisfaction" => d.Satisfaction.Select(w => Line((H("周（起始周一）", "Week (Monday)"), InsightService.Iso(w.WeekStart)),
            (H("评价数", "Ratings"), w.Ratings), (H("平均分", "Average"), w.Average), (H("差评数", "Poor ratings"), w.Poor))).ToList(),
        "worst-items" => d.WorstItems.Select(i => Line((H("事项编码", "Item code"), i.ItemCode), (H("事项", "Item"), i.ItemName),
            (H("评价数", "Ratings"), i.Ratings), (H("平均分", "Average"), i.Average), (H("差评数", "Poor ratings"), i.Poor))).ToList(),
        "lights" => d.LightsByDepartment.Select(r => Line((H("牵头部门", "Lead department"), r.DepartmentName), (H("红灯", "Red"), r.Red),
            (H("黄灯", "Yellow"), r.Yellow), (H("蓝灯", "Blue"), r.Blue), (H("绿灯", "Green"), r.Green), (H("已办结", "Done"), r.Done))).ToList(),
        "ranking" => (d.Ranking?.Rows ?? []).Select(r => Line((H("排名", "Rank"), r.Rank), (H("部门", "Department"), r.DepartmentName),
            (H("总分", "Total"), r.Total))).ToList(),
        "exchange" => d.Exchange.Flows.Select(f => Line((H("使用部门（调用方）", "Consumer (client)"), f.ClientName),
            (H("提供部门", "Provider"), f.ProviderName), (H("调用次数", "Calls"), f.Calls), (H("出错次数", "Errors"), f.Errors))).ToList(),
        "exchange-daily" => d.Exchange.Daily.Select(p => Line((H("日期", "Day"), InsightService.Iso(p.Day)), (H("调用次数", "Calls"), p.Calls),
            (H("出错次数", "Errors"), p.Errors))).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    private static List<Dictionary<string, object?>> Figures(IEnumerable<FigureRow> rows, string name) =>
        rows.Select(r => Line((name, r.Name), (H("申请数", "Submitted"), r.Submitted), (H("网上办理", "Online"), r.Online),
            (H("窗口办理", "Window"), r.Window), (H("办结数", "Completed"), r.Completed), (H("按时办结", "On time"), r.CompletedOnTime),
            (H("按时办结率（%）", "On-time rate (%)"), Percent(r.OnTimeRate)))).ToList();

    public static List<Dictionary<string, object?>> Rows(InsightApplicationsPage page) =>
        page.Items.Select(a => Line((H("办件编号", "Number"), a.Number), (H("事项", "Item"), a.ItemName), (H("部门", "Department"), a.DepartmentName),
            (H("渠道", "Channel"), a.Channel), (H("大厅", "Hall"), a.HallName), (H("状态", "Status"), a.Status),
            (H("提交时间（UTC）", "Submitted (UTC)"), a.SubmittedAt), (H("办理期限", "Due on"), a.DueOn is { } due ? InsightService.Iso(due) : null))).ToList();

    public static List<Dictionary<string, object?>> Rows(InsightRatingsPage page) =>
        page.Items.Select(r => Line((H("办件编号", "Number"), r.ApplicationNumber), (H("事项", "Item"), r.ItemName), (H("部门", "Department"), r.DepartmentName),
            (H("评分", "Score"), r.Score), (H("评价内容", "Comment"), r.Comment), (H("评价日期", "Rated on"), InsightService.Iso(r.RatedOn)))).ToList();

    public static List<Dictionary<string, object?>> Rows(IReadOnlyList<InsightSubTaskRow> rows) =>
        rows.Select(s => Line((H("任务", "Sub-task"), s.Title), (H("督查事项", "Key task"), s.KeyTaskTitle), (H("牵头部门", "Lead department"), s.LeadDepartmentName),
            (H("灯色", "Light"), s.Light), (H("状态", "Status"), s.Status), (H("进度（%）", "Progress (%)"), s.Percent),
            (H("期限", "Due on"), InsightService.Iso(s.DueOn)))).ToList();

    private static Dictionary<string, object?> Line(params (string Key, object? Value)[] cells)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in cells)
        {
            d[k] = v;
        }
        return d;
    }

    public static byte[] Workbook(string sheet, List<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { [sheet] = rows });
        return stream.ToArray();
    }

    public static string FileName(string table, InsightScopeView scope) =>
        $"insight-{table}-{InsightService.Iso(scope.From)}-{InsightService.Iso(scope.To)}.xlsx";
}
