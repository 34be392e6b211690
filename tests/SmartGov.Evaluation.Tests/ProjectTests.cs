using System.Net;
using MiniExcelLibs;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Evaluation.Tests.EvaluationClient;

namespace SmartGov.Evaluation.Tests;

/// <summary>E-government projects: overlapping systems across departments and idle systems are flagged with reasons; scoping; evaluation; Excel.</summary>
public sealed class ProjectTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task Overlapping_and_idle_systems_are_flagged_with_their_reasons_and_each_department_sees_only_its_projects()
    {
        using var wjw = await factory.SignedInStaffAsync("wjw.data");
        using var rsj = await factory.SignedInStaffAsync("rsj.leader");
        using var rsjOfficer = await factory.SignedInStaffAsync("rsj.officer");
        using var evaluator = await factory.SignedInStaffAsync("evaluator");

        var health = await wjw.PostJsonAsync("/api/v1/evaluation/projects", new
        {
            name = "全民健康预约平台", year = 2025, budget = 200, spend = 150, goals = "预约挂号全覆盖",
            systems = new object[]
            {
                new { name = "预约挂号系统", keywords = "预约、排班、短信提醒、实名认证", status = "Live", lastUsedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), monthlyUsers = 900 },
                new { name = "旧版健康档案", keywords = "健康档案", status = "Live", lastUsedOn = "2020-01-01", monthlyUsers = 3 },
            },
        }, HttpStatusCode.Created);
        var labour = await rsj.PostJsonAsync("/api/v1/evaluation/projects", new
        {
            name = "就业服务预约系统", year = 2025, budget = 100, spend = 120,
            systems = new object[] { new { name = "就业预约", keywords = "预约，排班，短信提醒，招聘会", status = "Live", lastUsedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), monthlyUsers = 40 } },
        }, HttpStatusCode.Created);

        // 预约、排班、短信提醒 shared of 5 distinct keywords: Jaccard 0.6 ≥ 0.5.
        var view = await wjw.GetJsonAsync($"/api/v1/evaluation/projects/{health.GetProperty("id").GetGuid()}");
        var booking = view.GetProperty("systems").EnumerateArray().Single(s => s.Str("name") == "预约挂号系统");
        var overlap = booking.GetProperty("flags").EnumerateArray().Single();
        Assert.Equal("Overlap", overlap.Str("kind"));
        Assert.Equal("就业预约", overlap.Str("otherSystemName"));
        Assert.Equal(0.6, overlap.GetProperty("similarity").GetDouble());
        Assert.Contains("重复建设", overlap.Str("reasonZh"), StringComparison.Ordinal);
        var old = view.GetProperty("systems").EnumerateArray().Single(s => s.Str("name") == "旧版健康档案");
        var idle = old.GetProperty("flags").EnumerateArray().Single();
        Assert.Equal("Idle", idle.Str("kind"));
        Assert.Contains("天未使用", idle.Str("reasonZh"), StringComparison.Ordinal);
        Assert.Equal(75, view.GetProperty("executionRate").GetDouble());

        // Scoping: each department sees its own; evaluators see all.
        var rsjList = await rsjOfficer.GetJsonAsync("/api/v1/evaluation/projects");
        Assert.All(rsjList.EnumerateArray(), p => Assert.Equal(Dept("rsj"), p.GetProperty("departmentId").GetGuid()));
        await rsj.GetJsonAsync($"/api/v1/evaluation/projects/{health.GetProperty("id").GetGuid()}", HttpStatusCode.Forbidden);
        await rsj.PostJsonAsync("/api/v1/evaluation/projects", new { name = "替别人登记", departmentId = Dept("wjw"), year = 2025, budget = 1, spend = 1 }, HttpStatusCode.Forbidden);
        var all = await evaluator.GetJsonAsync("/api/v1/evaluation/projects");
        Assert.Contains(all.EnumerateArray(), p => p.Str("name") == "全民健康预约平台");
        Assert.Contains(all.EnumerateArray(), p => p.Str("name") == "就业服务预约系统");

        // Evaluation on five dimensions, by evaluators only.
        var score = new { costBenefit = 60, applicationEffect = 70, collaboration = 40, security = 90, innovation = 50, comment = "与人社局预约系统重复建设，建议整合" };
        await rsj.PutJsonAsync($"/api/v1/evaluation/projects/{labour.GetProperty("id").GetGuid()}/evaluation", score, HttpStatusCode.Forbidden);
        var bad = await evaluator.PutJsonAsync($"/api/v1/evaluation/projects/{labour.GetProperty("id").GetGuid()}/evaluation", score, HttpStatusCode.OK);
        Assert.Equal(62, bad.GetProperty("total").GetDouble());
        var invalid = await evaluator.PutJsonAsync($"/api/v1/evaluation/projects/{labour.GetProperty("id").GetGuid()}/evaluation",
            new { costBenefit = 120, applicationEffect = 70, collaboration = 40, security = 90, innovation = 50 }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("成本效益得分应在 0 到 100 之间", Problem(invalid, "zh-CN"), StringComparison.Ordinal);

        // The page shows the flags with their reasons; the workbook lists the projects with their flags.
        var page = await (await wjw.GetAsync("/console/evaluation/projects")).Content.ReadAsStringAsync();
        Assert.Contains("疑似重复建设：与“就业预约”", page, StringComparison.Ordinal);
        var xlsx = await evaluator.GetAsync("/api/v1/evaluation/projects.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var labourRow = rows.Single(x => x["项目名称"]?.ToString() == "就业服务预约系统");
        Assert.Equal(62, Convert.ToDouble(labourRow["综合得分"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("重复建设", labourRow["问题标记"]?.ToString(), StringComparison.Ordinal);
    }
}
