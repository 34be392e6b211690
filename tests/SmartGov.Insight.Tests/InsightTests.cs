using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Applications.Rollups;
using SmartGov.Hub.Seeding;
using Microsoft.AspNetCore.Hosting;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Insight.Tests;

/// <summary>The hub with the dashboard reading the supervision board on every request, so a new sub-task shows at once.</summary>
public sealed class InsightFactory : SmartGovFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Insight:SupervisionCacheSeconds", "0");
    }
}

/// <summary>
/// The leaders' dashboard (决策研判) through HTTP on the configured database: figures that match applications taken in
/// at a window, the scoping of every view (city leader, supervisor, department leader, everyone else), drill-down,
/// Excel export, the pages in both languages without JavaScript, and the big screen.
/// </summary>
public sealed partial class InsightTests(InsightFactory factory) : IClassFixture<InsightFactory>
{
    private static Guid Dept(string code) => HubClient.DepartmentId(code);

    private static readonly string BusinessCode = CreditCode.Compose('9', '1', "371802", "MA0000007");

    private static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string TodayRange => $"from={Iso(Today)}&to={Iso(Today)}";

    private const string PlanningPermit = "建设工程规划许可证核发";

    private static async Task<string> CodeOfAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        return result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
    }

    private static async Task<Guid> HallAsync(HttpClient client)
    {
        var halls = await (await client.GetAsync("/api/v1/service-halls")).ReadJsonAsync();
        return halls.EnumerateArray().First().GetProperty("id").GetGuid();
    }

    /// <summary>一窗受理 of the planning permit for the demo business, accepted at once (as in ApplicationFlowTests).</summary>
    private static async Task<(Guid Id, string Number, Guid DepartmentId)> WindowIntakeAsync(HttpClient clerk, string code, Guid hall)
    {
        var response = await clerk.PostAsJsonAsync("/api/v1/window/applications", new
        {
            itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = DemoCitySeeder.DemoCitizen.Name,
            mobile = "13800138000", businessCreditCode = BusinessCode, businessName = "示范市测试建设有限公司",
            form = new Dictionary<string, string>
            {
                ["companyName"] = "示范市测试建设有限公司", ["creditCode"] = BusinessCode, ["contactName"] = "张明华", ["contactMobile"] = "13800138000",
                ["projectName"] = "示范市第一中学教学楼", ["floorArea"] = "12000",
            },
            materials = new object[] { new { paper = true, name = "建设工程规划许可申请表" }, new { paper = true, name = "建设工程设计方案总平面图" } },
            acceptNow = true,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var app = JsonDocument.Parse(text).RootElement;
        return (app.GetProperty("id").GetGuid(), app.Str("number")!, app.GetProperty("departmentId").GetGuid());
    }

    /// <summary>Folds the new history into the daily rollups now, instead of waiting for the background worker.</summary>
    private async Task RollUpAsync()
    {
        await Task.Delay(ApplicationRollup.SettleTime + TimeSpan.FromMilliseconds(200));
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ApplicationRollup>().RunAsync(CancellationToken.None);
    }

    private static async Task<JsonElement> DashboardAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/v1/insight/dashboard?" + TodayRange + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement? Row(JsonElement dashboard, string list, string key) =>
        dashboard.GetProperty(list).EnumerateArray().Where(r => r.Str("key") == key).Select(r => (JsonElement?)r).FirstOrDefault();

    private static async Task<JsonElement> YearAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/v1/insight/dashboard?from={Iso(Today.AddDays(-364))}&to={Iso(Today)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static int Int(JsonElement? row, string property) => row is { } r ? r.GetProperty(property).GetInt32() : 0;

    private static int Figure(JsonElement dashboard, string property) => dashboard.GetProperty("figures").GetProperty(property).GetInt32();

    private static int TodayWindow(JsonElement dashboard) =>
        dashboard.GetProperty("daily").EnumerateArray().Where(p => p.Str("start") == Iso(Today)).Sum(p => p.GetProperty("window").GetInt32());

    [Fact]
    public async Task Window_intake_shows_in_every_figure_and_a_department_leader_sees_only_their_department()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, PlanningPermit);
        var hall = await HallAsync(anonymous);
        using var mayor = await factory.SignedInStaffAsync("mayor");
        using var clerk = await factory.SignedInStaffAsync("clerk1");
        await RollUpAsync();
        var before = await DashboardAsync(mayor);
        var yearBefore = await YearAsync(mayor);

        var first = await WindowIntakeAsync(clerk, code, hall);
        await WindowIntakeAsync(clerk, code, hall);
        Assert.Equal(Dept("zrzy"), first.DepartmentId);
        await RollUpAsync();
        var after = await DashboardAsync(mayor);
        // A year's view (whole months from the monthly rollup, the edge days from the daily one) shows today's intake too.
        var yearAfter = await YearAsync(mayor);
        Assert.Equal(Figure(yearBefore, "submitted") + 2, Figure(yearAfter, "submitted"));
        Assert.Equal(Int(Row(yearBefore, "byHall", hall.ToString()), "submitted") + 2, Int(Row(yearAfter, "byHall", hall.ToString()), "submitted"));

        Assert.True(after.GetProperty("scope").GetProperty("cityWide").GetBoolean());
        Assert.Equal(Figure(before, "window") + 2, Figure(after, "window"));
        Assert.Equal(Figure(before, "submitted") + 2, Figure(after, "submitted"));
        Assert.Equal(Figure(before, "accepted") + 2, Figure(after, "accepted"));
        Assert.Equal(TodayWindow(before) + 2, TodayWindow(after));
        Assert.Equal(Int(Row(before, "byDepartment", Dept("zrzy").ToString()), "window") + 2, Int(Row(after, "byDepartment", Dept("zrzy").ToString()), "window"));
        Assert.Equal(Int(Row(before, "byHall", hall.ToString()), "submitted") + 2, Int(Row(after, "byHall", hall.ToString()), "submitted"));
        var item = Row(after, "byItem", code);
        Assert.NotNull(item);
        Assert.Equal(PlanningPermit, item.Value.Str("name"));
        Assert.Equal(Int(Row(before, "byItem", code), "window") + 2, Int(item, "window"));
        // No gateway reported to this hub: the exchange flows say so (ExchangePanelTests posts reports), the catalog's figures are there.
        Assert.False(after.GetProperty("exchange").GetProperty("available").GetBoolean());
        Assert.True(after.GetProperty("exchange").GetProperty("sharing").GetProperty("resourcesCatalogued").GetInt32() > 0);

        // The department leader: the own department's figures, which are the city's figures for that department.
        using var zrzyLeader = await factory.SignedInStaffAsync("zrzy.leader");
        var own = await DashboardAsync(zrzyLeader);
        Assert.False(own.GetProperty("scope").GetProperty("cityWide").GetBoolean());
        Assert.Equal(Dept("zrzy"), own.GetProperty("scope").GetProperty("departmentId").GetGuid());
        Assert.All(own.GetProperty("byDepartment").EnumerateArray(), r => Assert.Equal(Dept("zrzy").ToString(), r.Str("key")));
        Assert.Equal(Int(Row(after, "byDepartment", Dept("zrzy").ToString()), "window"), Figure(own, "window"));
        Assert.Equal(Dept("zrzy"), (await DashboardAsync(zrzyLeader, "&departmentId=" + Dept("zrzy"))).GetProperty("scope").GetProperty("departmentId").GetGuid());

        // Another department's leader sees none of it, and may not ask for it.
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        var gaj = await DashboardAsync(gajLeader);
        Assert.Null(Row(gaj, "byDepartment", Dept("zrzy").ToString()));
        Assert.Null(Row(gaj, "byItem", code));
        Assert.Equal(Int(Row(after, "byDepartment", Dept("gaj").ToString()), "submitted"), Figure(gaj, "submitted"));
        await ProblemAssert.IsProblemAsync(await gajLeader.GetAsync($"/api/v1/insight/dashboard?departmentId={Dept("zrzy")}"), 403);

        // A city viewer may narrow to one department.
        var narrowed = await DashboardAsync(mayor, "&departmentId=" + Dept("zrzy"));
        Assert.Equal(Figure(own, "window"), Figure(narrowed, "window"));
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        Assert.True((await DashboardAsync(supervisor)).GetProperty("scope").GetProperty("cityWide").GetBoolean());

        // Everyone else: 403, on the API and on the pages.
        foreach (var name in new[] { "zrzy.officer", "zrzy.data", "clerk2", "sysadmin", "auditor", "evaluator" })
        {
            using var other = await factory.SignedInStaffAsync(name);
            await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/v1/insight/dashboard"), 403);
            await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/v1/insight/applications"), 403);
            await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/v1/insight/subtasks"), 403);
            await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/v1/insight/ratings"), 403);
            await ProblemAssert.IsProblemAsync(await other.GetAsync("/api/v1/insight/export?table=daily"), 403);
            foreach (var page in new[] { "/console/insight", "/console/insight/bigscreen", "/console/insight/applications", "/console/insight/ratings", "/console/insight/subtasks" })
            {
                Assert.True(HttpStatusCode.Forbidden == (await other.GetAsync(page)).StatusCode, $"{name} {page}");
            }
        }
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.Mobile);
        await ProblemAssert.IsProblemAsync(await citizen.GetAsync("/api/v1/insight/dashboard"), 403);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/insight/dashboard")).StatusCode);

        // A period that ends before it starts is refused with the field and a message in both languages.
        await ProblemAssert.IsValidationAsync(await mayor.GetAsync($"/api/v1/insight/dashboard?from={Iso(Today)}&to={Iso(Today.AddDays(-3))}"), "from", "range");
        await ProblemAssert.IsValidationAsync(await mayor.GetAsync($"/api/v1/insight/dashboard?from={Iso(Today.AddYears(-2))}&to={Iso(Today)}"), "to", "range");
    }

    [Fact]
    public async Task Drill_down_lists_the_applications_behind_a_figure_within_the_viewers_scope()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, PlanningPermit);
        var hall = await HallAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk3");
        var app = await WindowIntakeAsync(clerk, code, hall);
        using var mayor = await factory.SignedInStaffAsync("mayor");
        using var zrzyLeader = await factory.SignedInStaffAsync("zrzy.leader");
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");

        async Task<List<string>> NumbersAsync(HttpClient client, string query)
        {
            var response = await client.GetAsync("/api/v1/insight/applications?" + query);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var page = await response.ReadJsonAsync();
            return page.GetProperty("items").EnumerateArray().Select(a => a.Str("number")!).ToList();
        }

        Assert.Contains(app.Number, await NumbersAsync(mayor, $"day={Iso(Today)}&channel=Window&item={code}"));
        Assert.Contains(app.Number, await NumbersAsync(mayor, $"week={Iso(InsightWeek(Today))}&hall={hall}"));
        Assert.Contains(app.Number, await NumbersAsync(mayor, $"{TodayRange}&departmentId={Dept("zrzy")}"));
        Assert.DoesNotContain(app.Number, await NumbersAsync(mayor, $"day={Iso(Today)}&channel=Online"));
        Assert.DoesNotContain(app.Number, await NumbersAsync(mayor, $"{TodayRange}&departmentId={Dept("gaj")}"));
        Assert.Contains(app.Number, await NumbersAsync(zrzyLeader, $"day={Iso(Today)}"));
        Assert.DoesNotContain(app.Number, await NumbersAsync(gajLeader, $"day={Iso(Today)}"));
        await ProblemAssert.IsProblemAsync(await gajLeader.GetAsync($"/api/v1/insight/applications?departmentId={Dept("zrzy")}"), 403);
        await ProblemAssert.IsValidationAsync(await mayor.GetAsync("/api/v1/insight/applications?channel=Fax"), "channel");

        // The page behind a chart bar lists the same application; another department's leader gets 403.
        var html = await (await mayor.GetAsync($"/console/insight/applications?day={Iso(Today)}&item={code}")).Content.ReadAsStringAsync();
        Assert.Contains(app.Number, html, StringComparison.Ordinal);
        Assert.Contains(app.Number, await (await zrzyLeader.GetAsync($"/console/insight/applications?day={Iso(Today)}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Number, await (await gajLeader.GetAsync($"/console/insight/applications?day={Iso(Today)}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await gajLeader.GetAsync($"/console/insight/applications?departmentId={Dept("zrzy")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gajLeader.GetAsync($"/console/insight?departmentId={Dept("zrzy")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gajLeader.GetAsync($"/console/insight/bigscreen?departmentId={Dept("zrzy")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gajLeader.GetAsync($"/console/insight/ratings?departmentId={Dept("zrzy")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gajLeader.GetAsync($"/console/insight/subtasks?departmentId={Dept("zrzy")}")).StatusCode);

        // The review step's deadline passes: the application is overdue for its department, and listed behind that figure.
        var stepDepartments = await factory.WithDbAsync(async db =>
        {
            var open = await db.Set<WorkTask>().Where(t => t.ApplicationId == app.Id && t.Status == SmartGov.Hub.Modules.Applications.WorkTaskStatus.Open).ToListAsync();
            foreach (var t in open)
            {
                t.DueOn = Today.AddDays(-1);
            }
            await db.SaveChangesAsync();
            return open.Select(t => t.DepartmentId).ToHashSet();
        });
        Assert.Contains(Dept("zrzy"), stepDepartments);
        var dashboard = await DashboardAsync(mayor);
        var overdue = dashboard.GetProperty("overdue").EnumerateArray().Single(o => o.GetProperty("departmentId").GetGuid() == Dept("zrzy"));
        Assert.True(overdue.GetProperty("applications").GetInt32() >= 1);
        Assert.True(Figure(dashboard, "overdueApplications") >= 1);
        Assert.Contains(app.Number, await NumbersAsync(mayor, $"overdue=true&departmentId={Dept("zrzy")}"));
        Assert.Contains(app.Number, await NumbersAsync(zrzyLeader, "overdue=true"));
        // Overdue is counted where the late step is: a department with no step of this application does not see it.
        Assert.DoesNotContain(Dept("jyj"), stepDepartments);
        using var jyjLeader = await factory.SignedInStaffAsync("jyj.leader");
        Assert.DoesNotContain(app.Number, await NumbersAsync(jyjLeader, "overdue=true"));
        Assert.DoesNotContain((await DashboardAsync(jyjLeader)).GetProperty("overdue").EnumerateArray(), o => o.GetProperty("departmentId").GetGuid() == Dept("zrzy"));
    }

    private static DateOnly InsightWeek(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    private static List<IDictionary<string, object>> Sheet(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
    }

    [Fact]
    public async Task Every_table_exports_to_Excel_with_the_rows_the_page_shows()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, PlanningPermit);
        var hall = await HallAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk4");
        var app = await WindowIntakeAsync(clerk, code, hall);
        await RollUpAsync();
        using var mayor = await factory.SignedInStaffAsync("mayor");
        var dashboard = await DashboardAsync(mayor);

        foreach (var table in new[] { "daily", "weekly", "departments", "items", "halls", "overdue", "satisfaction", "worst-items", "lights", "ranking", "exchange" })
        {
            var response = await mayor.GetAsync($"/console/insight?{TodayRange}&export=xlsx&table={table}");
            Assert.True(HttpStatusCode.OK == response.StatusCode, $"{table}: {(int)response.StatusCode}");
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
            Sheet(await response.Content.ReadAsByteArrayAsync());
        }

        var departments = Sheet(await (await mayor.GetAsync($"/console/insight?{TodayRange}&export=xlsx&table=departments")).Content.ReadAsByteArrayAsync());
        Assert.Equal(dashboard.GetProperty("byDepartment").GetArrayLength(), departments.Count);
        var zrzyName = Row(dashboard, "byDepartment", Dept("zrzy").ToString())!.Value.Str("name");
        var zrzyRow = departments.Single(r => (string)r["部门"] == zrzyName);
        Assert.Equal(Int(Row(dashboard, "byDepartment", Dept("zrzy").ToString()), "window"), Convert.ToInt32(zrzyRow["窗口办理"], CultureInfo.InvariantCulture));

        var daily = Sheet(await (await mayor.GetAsync($"/api/v1/insight/export?table=daily&{TodayRange}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(TodayWindow(dashboard), Convert.ToInt32(daily.Single(r => (string)r["日期"] == Iso(Today))["窗口办理"], CultureInfo.InvariantCulture));

        var list = Sheet(await (await mayor.GetAsync($"/console/insight/applications?day={Iso(Today)}&item={code}&export=xlsx")).Content.ReadAsByteArrayAsync());
        Assert.Contains(list, r => (string)r["办件编号"] == app.Number);

        await ProblemAssert.IsValidationAsync(await mayor.GetAsync("/api/v1/insight/export?table=secrets"), "table");
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        Assert.Equal(HttpStatusCode.Forbidden, (await gajLeader.GetAsync($"/console/insight?export=xlsx&table=departments&departmentId={Dept("zrzy")}")).StatusCode);
        var gajDepartments = Sheet(await (await gajLeader.GetAsync($"/console/insight?{TodayRange}&export=xlsx&table=departments")).Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(gajDepartments, r => (string)r["部门"] == zrzyName);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [Fact]
    public async Task The_dashboard_and_the_big_screen_render_in_both_languages_without_javascript()
    {
        using var mayor = await factory.SignedInStaffAsync("mayor");
        var response = await mayor.GetAsync("/console/insight");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>决策研判</h1>", html, StringComparison.Ordinal);
        foreach (var table in new[] { "daily", "weekly", "departments", "items", "halls", "overdue", "satisfaction", "worst-items", "lights" })
        {
            Assert.Contains($"data-testid=\"insight-table-{table}\"", html, StringComparison.Ordinal);
            Assert.Contains($"data-testid=\"insight-export-{table}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("<caption>每日申请数（按渠道）</caption>", html, StringComparison.Ordinal);
        Assert.Contains("scope=\"col\"", html, StringComparison.Ordinal);
        Assert.Contains("暂无数据交换统计", html, StringComparison.Ordinal);
        Assert.Contains("尚无已公布的绩效评估结果", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"application/json\" id=\"insight-data\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/lib/echarts/echarts.min.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), html);   // the CSP allows same-origin scripts only
        Assert.Equal(HttpStatusCode.OK, (await mayor.GetAsync("/lib/echarts/echarts.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mayor.GetAsync("/js/insight.js")).StatusCode);

        var en = await (await mayor.GetAsync("/console/insight?culture=en-US&ui-culture=en-US")).Content.ReadAsStringAsync();
        Assert.Contains("Applications per day, by channel", en, StringComparison.Ordinal);
        Assert.Contains("No exchange data yet", en, StringComparison.Ordinal);
        Assert.Contains("Export to Excel", en, StringComparison.Ordinal);

        var big = await mayor.GetAsync("/console/insight/bigscreen");
        var bigHtml = await big.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
        Assert.Contains("示范市智慧政务指挥大屏", bigHtml, StringComparison.Ordinal);
        Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"60\" /></noscript>", bigHtml, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fig-submitted\"", bigHtml, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), bigHtml);
        Assert.Contains("command center", await (await mayor.GetAsync("/console/insight/bigscreen?culture=en-US&ui-culture=en-US")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var zrzyLeader = await factory.SignedInStaffAsync("zrzy.leader");
        var own = await (await zrzyLeader.GetAsync("/console/insight/bigscreen")).Content.ReadAsStringAsync();
        Assert.Contains("部门：", own, StringComparison.Ordinal);
        Assert.DoesNotContain("<option", await (await zrzyLeader.GetAsync("/console/insight")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervision_lights_count_the_sub_tasks_each_viewer_may_see()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var created = await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new
        {
            title = "市长批示：优化营商环境", source = "LeaderInstruction", priority = "Urgent", dueOn = Today.AddDays(60),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var taskId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var sub = await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{taskId}/subtasks", new
        {
            title = "压缩开办企业时间", leadDepartmentId = Dept("scjg"), dueOn = Today.AddDays(40), weight = 1,
        });
        Assert.Equal(HttpStatusCode.Created, sub.StatusCode);
        var subId = (await sub.ReadJsonAsync()).GetProperty("id").GetGuid();

        async Task<List<Guid>> SubTasksAsync(HttpClient client, string query = "")
        {
            var list = await (await client.GetAsync("/api/v1/insight/subtasks" + query)).ReadJsonAsync();
            return list.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
        }

        using var mayor = await factory.SignedInStaffAsync("mayor");
        Assert.Contains(subId, await SubTasksAsync(mayor));
        var lights = (await DashboardAsync(mayor)).GetProperty("lights");
        Assert.True(new[] { "red", "yellow", "blue", "green", "done" }.Sum(l => lights.GetProperty(l).GetInt32()) >= 1);
        using var scjgLeader = await factory.SignedInStaffAsync("scjg.leader");
        Assert.Contains(subId, await SubTasksAsync(scjgLeader));
        Assert.Contains("压缩开办企业时间", await (await scjgLeader.GetAsync("/console/insight/subtasks")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var zrzyLeader = await factory.SignedInStaffAsync("zrzy.leader");
        Assert.DoesNotContain(subId, await SubTasksAsync(zrzyLeader));
        await ProblemAssert.IsProblemAsync(await zrzyLeader.GetAsync($"/api/v1/insight/subtasks?departmentId={Dept("scjg")}"), 403);
        await ProblemAssert.IsValidationAsync(await mayor.GetAsync("/api/v1/insight/subtasks?light=Purple"), "light");
    }
}
