using System.Net;
using System.Text.Json;
using MiniExcelLibs;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Evaluation.Tests.EvaluationClient;

namespace SmartGov.Evaluation.Tests;

/// <summary>
/// A whole round on the configured database: self-assessment, blind third-party scoring, reconciliation, aggregation
/// with a frozen automatic value, ranking with a tie, publication, Excel; who sees what at each step; a closed round
/// refuses every write with 409; every score change is in the audit trail; weights are validated.
/// </summary>
public sealed class RoundTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task Sibling_weights_that_do_not_sum_to_100_are_refused_naming_the_node()
    {
        using var lead = await factory.SignedInStaffAsync("supervisor");
        var bad = new
        {
            name = "错误权重",
            indicators = new object[]
            {
                new { code = "A", nameZh = "服务质量", nameEn = "Service quality", weight = 70, children = new object[]
                {
                    new { code = "A1", nameZh = "服务规范", weight = 50, rubric = "r", maxScore = 100 },
                    new { code = "A2", nameZh = "创新举措", weight = 40, rubric = "r", maxScore = 10 },
                } },
                new { code = "B", nameZh = "安全", weight = 20, rule = "security.incidents" },
            },
        };
        var problem = await lead.PostJsonAsync("/api/v1/evaluation/systems", bad, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:smartgov:problem:validation", problem.Str("type"));
        var zh = Problem(problem, "zh-CN");
        var en = Problem(problem, "en-US");
        Assert.Contains("一级指标的权重合计为 90，应为 100", zh, StringComparison.Ordinal);
        Assert.Contains("指标“A 服务质量”的下级指标权重合计为 90", zh, StringComparison.Ordinal);
        Assert.Contains("The weights under indicator “A Service quality” sum to 90", en, StringComparison.Ordinal);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.Str("field")).ToList();
        Assert.Contains("indicators[0].children", fields);

        // An unknown rule and a manual leaf without rubric are named too; nothing was stored.
        var unknown = await lead.PostJsonAsync("/api/v1/evaluation/systems", new
        {
            name = "未知规则",
            indicators = new object[] { new { code = "X", nameZh = "甲", weight = 50, rule = "no.such-rule" }, new { code = "Y", nameZh = "乙", weight = 50 } },
        }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no.such-rule", Problem(unknown, "zh-CN"), StringComparison.Ordinal);
        Assert.Contains("Manual indicator Y needs a rubric", Problem(unknown, "en-US"), StringComparison.Ordinal);
        var systems = await lead.GetJsonAsync("/api/v1/evaluation/systems");
        Assert.DoesNotContain(systems.EnumerateArray(), s => s.Str("name") is "错误权重" or "未知规则");

        // Only the evaluation lead maintains systems.
        using var evaluator = await factory.SignedInStaffAsync("evaluator");
        await evaluator.PostJsonAsync("/api/v1/evaluation/systems", SmallSystem("评估人员的体系"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_round_runs_from_self_assessment_to_a_published_ranking_with_blind_scoring_and_then_never_changes()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        // A second third-party evaluator: zfb.officer becomes one (signed in afterwards, so the role is in the cookie).
        var roles = await sysadmin.PutJsonAsync($"/api/v1/staff/{HubClient.StaffId("zfb.officer")}/roles", new { roles = new[] { "Evaluator" } });
        using var lead = await factory.SignedInStaffAsync("supervisor");
        using var evalA = await factory.SignedInStaffAsync("evaluator");
        using var evalB = await factory.SignedInStaffAsync("zfb.officer");
        using var xzspLeader = await factory.SignedInStaffAsync("xzsp.leader");
        using var xzspOfficer = await factory.SignedInStaffAsync("xzsp.officer");
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        using var jyjLeader = await factory.SignedInStaffAsync("jyj.leader");
        using var auditor = await factory.SignedInStaffAsync("auditor");

        var system = await lead.PostJsonAsync("/api/v1/evaluation/systems", SmallSystem("2025 年度测试指标"), HttpStatusCode.Created);
        var systemId = system.GetProperty("id").GetGuid();
        var round = await lead.PostJsonAsync("/api/v1/evaluation/rounds", new
        {
            name = "2025 年度绩效评估（测试）", kind = "Annual", periodFrom = "2025-01-01", periodTo = "2025-12-31", systemId,
            departmentIds = new[] { Dept("xzsp"), Dept("gaj"), Dept("mzj") },
            evaluatorIds = new[] { HubClient.StaffId("evaluator"), HubClient.StaffId("zfb.officer") },
        }, HttpStatusCode.Created);
        var id = round.GetProperty("id").GetGuid();
        var r = $"/api/v1/evaluation/rounds/{id}";
        Assert.Equal("SelfAssessment", round.Str("status"));

        // A system in use cannot change any more.
        var locked = await lead.PutJsonAsync($"/api/v1/evaluation/systems/{systemId}", SmallSystem("改名"), HttpStatusCode.Conflict);
        Assert.Contains("复制", Problem(locked, "zh-CN"), StringComparison.Ordinal);

        // Scoping: a department outside the round sees nothing of it; a department in it sees only itself.
        await jyjLeader.GetJsonAsync(r, HttpStatusCode.Forbidden);
        Assert.DoesNotContain((await jyjLeader.GetJsonAsync("/api/v1/evaluation/rounds")).EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);
        var seenByGaj = await gajLeader.GetJsonAsync(r);
        Assert.Equal([Dept("gaj")], seenByGaj.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("departmentId").GetGuid()));
        await gajLeader.GetJsonAsync($"{r}/departments/{Dept("xzsp")}", HttpStatusCode.Forbidden);
        await (await factory.SignedInCitizenAsync(SmartGov.Hub.Seeding.DemoCitySeeder.DemoCitizen.IdNumber)).GetJsonAsync(r, HttpStatusCode.Forbidden);

        // Self-assessment by the department's leader, with evidence; not by its officer, nor by another department.
        var sheet = await xzspLeader.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        var a1 = LeafId(sheet, "A1");
        var a2 = LeafId(sheet, "A2");
        var b1 = LeafId(sheet, "B1");
        var self = new { scores = new object[] { new { indicatorId = a1, score = 95, evidence = "全年无投诉，服务规范手册已印发" }, new { indicatorId = a2, score = 9 } } };
        await xzspOfficer.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment", self, HttpStatusCode.Forbidden);
        await gajLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment", self, HttpStatusCode.Forbidden);
        var tooHigh = await xzspLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment",
            new { scores = new object[] { new { indicatorId = a2, score = 11 } } }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("A2 的得分应在 0 到 10 之间", Problem(tooHigh, "zh-CN"), StringComparison.Ordinal);
        await xzspLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment",
            new { scores = new object[] { new { indicatorId = b1, score = 50 } } }, HttpStatusCode.UnprocessableEntity); // automatic: not scored by hand
        var selfSheet = await xzspLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment", self);
        Assert.Equal(95, Line(selfSheet, "A1").GetProperty("self").GetProperty("value").GetDouble());

        // An evidence file: the evaluators and the department open it; another department cannot, nor can a file outside the round be fetched through it.
        var evidenceBytes = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
        var evidenceId = await UploadAsync(xzspLeader, evidenceBytes, "服务规范手册.pdf");
        var otherId = await UploadAsync(xzspLeader, evidenceBytes, "无关文件.pdf");
        var withFile = await xzspLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment",
            new { scores = new object[] { new { indicatorId = a1, score = 95, evidence = "全年无投诉，服务规范手册已印发", evidenceFileId = evidenceId }, new { indicatorId = a2, score = 9 } } });
        Assert.Equal("服务规范手册.pdf", Line(withFile, "A1").GetProperty("self").Str("evidenceFileName"));
        var evidenceUrl = $"{r}/departments/{Dept("xzsp")}/evidence/{evidenceId}";
        foreach (var reader in new[] { evalA, xzspLeader, lead })
        {
            var download = await reader.GetAsync(evidenceUrl);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(evidenceBytes, await download.Content.ReadAsByteArrayAsync());
        }
        await gajLeader.GetJsonAsync(evidenceUrl, HttpStatusCode.Forbidden);
        await evalA.GetJsonAsync($"{r}/departments/{Dept("xzsp")}/evidence/{otherId}", HttpStatusCode.NotFound);
        await evalA.GetJsonAsync($"{r}/departments/{Dept("gaj")}/evidence/{evidenceId}", HttpStatusCode.NotFound);
        Assert.Contains($"evidence/{evidenceId}", await (await evalA.GetAsync($"/console/evaluation/rounds/{id}/departments/{Dept("xzsp")}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Evaluators cannot score before the step opens.
        var early = await evalA.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/evaluation", new { scores = new object[] { new { indicatorId = a1, score = 80 } } }, HttpStatusCode.Conflict);
        Assert.Contains("部门自评", Problem(early, "zh-CN"), StringComparison.Ordinal);
        await xzspLeader.PostJsonAsync($"{r}/actions", new { action = "OpenScoring" }, HttpStatusCode.Forbidden);
        await lead.PostJsonAsync($"{r}/actions", new { action = "OpenScoring" });
        await xzspLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment", self, HttpStatusCode.Conflict);

        // Evaluator A scores all three; B scores xzsp only. Blind: B never sees A's scores, nor the department anybody's.
        foreach (var (dept, s1, s2) in new[] { ("xzsp", 80.0, 8.0), ("gaj", 80.0, 8.0), ("mzj", 80.0, 8.0) })
        {
            await evalA.PutJsonAsync($"{r}/departments/{Dept(dept)}/evaluation",
                new { scores = new object[] { new { indicatorId = a1, score = s1 }, new { indicatorId = a2, score = s2 } } });
        }
        var bBefore = await evalB.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        Assert.Empty(Line(bBefore, "A1").GetProperty("evaluators").EnumerateArray());
        Assert.True(bBefore.GetProperty("evaluatorScoresHidden").GetBoolean());
        Assert.Equal(95, Line(bBefore, "A1").GetProperty("self").GetProperty("value").GetDouble()); // the evidence is for the evaluators
        var bAfter = await evalB.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/evaluation",
            new { scores = new object[] { new { indicatorId = a1, score = 100 }, new { indicatorId = a2, score = 10 } } });
        var bLines = Line(bAfter, "A1").GetProperty("evaluators").EnumerateArray().ToList();
        Assert.Equal([100.0], bLines.Select(e => e.GetProperty("value").GetDouble()));
        Assert.Equal(JsonValueKind.Null, Line(bAfter, "A1").GetProperty("evaluatorAverage").ValueKind);
        var aView = await evalA.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        Assert.Equal([80.0], Line(aView, "A1").GetProperty("evaluators").EnumerateArray().Select(e => e.GetProperty("value").GetDouble()));
        var deptView = await xzspLeader.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        Assert.Empty(Line(deptView, "A1").GetProperty("evaluators").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, Line(deptView, "A1").GetProperty("final").ValueKind);
        // The blind sheet page shows B only B's own score.
        var page = await (await evalB.GetAsync($"/console/evaluation/rounds/{id}/departments/{Dept("xzsp")}")).Content.ReadAsStringAsync();
        Assert.Contains("背靠背评分", page, StringComparison.Ordinal);
        Assert.DoesNotContain("：80", page, StringComparison.Ordinal);
        Assert.Contains("：100", page, StringComparison.Ordinal);
        // An evaluator not assigned to the round sees none of it.
        await jyjLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/evaluation", new { scores = new object[] { new { indicatorId = a1, score = 1 } } }, HttpStatusCode.Forbidden);

        // Reconciliation: the lead sees both scores, keeps the average for A1 and sets A2 with a reason.
        await lead.PostJsonAsync($"{r}/actions", new { action = "StartReconciliation" });
        await evalA.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/evaluation", new { scores = new object[] { new { indicatorId = a1, score = 1 } } }, HttpStatusCode.Conflict);
        var leadView = await lead.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        Assert.Equal(90, Line(leadView, "A1").GetProperty("evaluatorAverage").GetDouble());
        var noReason = await lead.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/reconciliation", new { scores = new object[] { new { indicatorId = a2, score = 9.5 } } }, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("理由", Problem(noReason, "zh-CN"), StringComparison.Ordinal);
        var reconciled = await lead.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/reconciliation", new
        {
            scores = new object[] { new { indicatorId = a1, reason = "取两名评估人员平均分" }, new { indicatorId = a2, score = 9.5, reason = "创新举措已在省内推广，酌情调整" } },
        });
        Assert.Equal(90, Line(reconciled, "A1").GetProperty("final").GetProperty("value").GetDouble());
        Assert.Equal(9.5, Line(reconciled, "A2").GetProperty("final").GetProperty("value").GetDouble());

        // A security incident at xzsp within the period: the incidents rule gives 100 − 25 = 75.
        await lead.PostJsonAsync("/api/v1/evaluation/incidents", new { departmentId = Dept("xzsp"), occurredOn = "2025-06-01", title = "门户网站页面被篡改" }, HttpStatusCode.Created);

        // Close: aggregate, freeze, rank. xzsp: 0.6 × (90 + 95)/2 + 0.4 × 75 = 85.5; gaj and mzj: 0.6 × 80 + 0.4 × 100 = 88, tied first.
        await lead.PostJsonAsync($"{r}/actions", new { action = "Close" });
        var ranking = await lead.GetJsonAsync($"{r}/ranking");
        var rows = ranking.GetProperty("rows").EnumerateArray().Select(x => (Dept: x.GetProperty("departmentId").GetGuid(), Rank: x.GetProperty("rank").GetInt32(), Total: x.GetProperty("total").GetDouble())).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal([(1, 88.0), (1, 88.0), (3, 85.5)], rows.Select(x => (x.Rank, x.Total)));
        Assert.Equal(Dept("xzsp"), rows[2].Dept);
        Assert.Equal(75, ranking.GetProperty("rows")[2].GetProperty("scores").GetProperty("B1").GetDouble());
        Assert.Equal(95, ranking.GetProperty("rows")[2].GetProperty("scores").GetProperty("A2").GetDouble()); // 9.5 of 10 → 95 of 100

        // The frozen value stays: another incident after closing changes nothing in the round.
        await lead.PostJsonAsync("/api/v1/evaluation/incidents", new { departmentId = Dept("gaj"), occurredOn = "2025-07-01", title = "数据泄露（补录）" }, HttpStatusCode.Created);
        var again = await lead.GetJsonAsync($"{r}/ranking");
        Assert.Equal(88.0, again.GetProperty("rows")[0].GetProperty("total").GetDouble());
        var gajSheet = await lead.GetJsonAsync($"{r}/departments/{Dept("gaj")}");
        Assert.Equal(100, Line(gajSheet, "B1").GetProperty("automatic").GetProperty("value").GetDouble());

        // Before publication: evaluators see each other's scores now, but not the ranking; a department leader sees only its own row.
        var bClosed = await evalB.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        Assert.Equal(2, Line(bClosed, "A1").GetProperty("evaluators").GetArrayLength());
        await evalA.GetJsonAsync($"{r}/ranking", HttpStatusCode.Forbidden);
        var gajOnly = await gajLeader.GetJsonAsync($"{r}/ranking");
        Assert.Equal([Dept("gaj")], gajOnly.GetProperty("rows").EnumerateArray().Select(x => x.GetProperty("departmentId").GetGuid()));
        await jyjLeader.GetJsonAsync($"{r}/ranking", HttpStatusCode.Forbidden);

        // Closed means closed: every write answers 409 with a message in both languages.
        var writes = new (HttpClient Client, HttpMethod Method, string Path, object Body)[]
        {
            (xzspLeader, HttpMethod.Put, $"{r}/departments/{Dept("xzsp")}/self-assessment", self),
            (evalA, HttpMethod.Put, $"{r}/departments/{Dept("xzsp")}/evaluation", new { scores = new object[] { new { indicatorId = a1, score = 1 } } }),
            (lead, HttpMethod.Put, $"{r}/departments/{Dept("xzsp")}/reconciliation", new { scores = new object[] { new { indicatorId = a1, score = 1, reason = "改分" } } }),
            (lead, HttpMethod.Post, $"{r}/actions", new { action = "OpenScoring" }),
        };
        foreach (var (client, method, path, body) in writes)
        {
            var refused = await client.SendAsync(method, path, body, HttpStatusCode.Conflict);
            Assert.Equal("urn:smartgov:problem:conflict", refused.Str("type"));
            Assert.Contains("已关闭", Problem(refused, "zh-CN"), StringComparison.Ordinal);
            Assert.Contains("closed", Problem(refused, "en-US"), StringComparison.Ordinal);
        }

        // Publication: everyone in the round sees the whole ranking; the Excel workbook has it.
        await lead.PostJsonAsync($"{r}/actions", new { action = "Publish" });
        var published = await gajLeader.GetJsonAsync($"{r}/ranking");
        Assert.Equal(3, published.GetProperty("rows").GetArrayLength());
        var xzspPublished = await xzspLeader.GetJsonAsync($"{r}/departments/{Dept("xzsp")}");
        Assert.Equal(85.5, xzspPublished.GetProperty("total").GetDouble());
        Assert.Equal(3, xzspPublished.GetProperty("rank").GetInt32());
        await lead.PostJsonAsync($"{r}/actions", new { action = "Publish" }, HttpStatusCode.Conflict);
        await xzspLeader.PutJsonAsync($"{r}/departments/{Dept("xzsp")}/self-assessment", self, HttpStatusCode.Conflict);

        var xlsx = await gajLeader.GetAsync($"{r}/ranking.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var workbook = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains("排名", MiniExcel.GetSheetNames(workbook));
        var sheetRows = workbook.Query(useHeaderRow: true, sheetName: "排名").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, sheetRows.Count);
        Assert.Equal("示范市行政审批服务局", sheetRows[2]["部门"]?.ToString());
        Assert.Equal(85.5, Convert.ToDouble(sheetRows[2]["总分"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, Convert.ToInt32(sheetRows[2]["排名"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("A1 服务规范", sheetRows[0].Keys);

        // Every score change is in the audit trail, with the value before and after.
        var entries = await auditor.AuditEntriesAsync("update");
        var details = entries.Where(e => e.Str("subjectType") == "evaluation-round" && e.Str("subjectId") == id.ToString()).Select(e => e.Str("details") ?? "").ToList();
        Assert.Contains(details, d => d.StartsWith("自评", StringComparison.Ordinal) && d.Contains("A1: — → 95", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("第三方评分", StringComparison.Ordinal) && d.Contains("A1: — → 100", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("复核最终得分", StringComparison.Ordinal) && d.Contains("A2: — → 9.5", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("汇总", StringComparison.Ordinal) && d.Contains("总分 85.5", StringComparison.Ordinal) && d.Contains("B1=75", StringComparison.Ordinal));
        Assert.True(roles.ValueKind != JsonValueKind.Undefined);
    }

    private static async Task<Guid> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        var token = await client.AntiforgeryTokenAsync("/account/me");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await client.PostAsync("/api/v1/files", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
