using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Console.Tests;

/// <summary>一窗受理 and the workflow editor through HTTP like a browser without JavaScript.</summary>
public sealed class WindowAndWorkflowPageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task A_clerk_at_a_district_hall_accepts_a_city_wide_item_for_a_walk_in_with_paper_originals()
    {
        using var clerk = await factory.SignedInStaffAsync("clerk1");
        await clerk.ChooseHallAsync(ConsoleTestKit.DistrictHall);
        var start = (await clerk.GetStringAsync("/console/window?q=" + Uri.EscapeDataString("社会保障卡"))).Html();
        Assert.Contains("当前大厅：东湖区政务服务中心", start, StringComparison.Ordinal);
        var item = await ConsoleTestKit.ItemAsync(clerk, "社会保障卡申领");
        var code = item.Str("implementationCode")!;
        Assert.Contains($"href=\"/console/window/intake?code={code}\"", start, StringComparison.Ordinal);

        var formPage = await clerk.GetAsync("/console/window/intake?code=" + code);
        Assert.Equal(HttpStatusCode.OK, formPage.StatusCode);
        var html = await formPage.Content.ReadAsStringAsync();
        var idNumber = ConsoleTestKit.WalkInIdNumber(1);

        // Step 2: nobody has an account with this number; the look-up says so (and is audited).
        var lookup = await clerk.PostFormAsync("/console/window/intake?code=" + code + "&handler=lookup",
            [new("__RequestVerificationToken", HubClient.ExtractToken(html)!), new("formToken", ConsoleTestKit.FormToken(html)), new("applicantIdNumber", idNumber)]);
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Contains("没有该身份证号码的账户", (await lookup.Content.ReadAsStringAsync()).Html(), StringComparison.Ordinal);

        // A wrong ID number is refused before anything is saved.
        var bad = await PostIntakeAsync(clerk, code, html, "37180219610709123", "李海洋", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("身份证号码：", (await bad.Content.ReadAsStringAsync()).Html(), StringComparison.Ordinal);

        // Step 3: paper originals checked for every material; accept now; a double submission lands on the same receipt.
        var papers = ConsoleTestKit.PaperRequirementIds(html);
        Assert.NotEmpty(papers);
        var accepted = await PostIntakeAsync(clerk, code, html, idNumber, "李海洋", papers);
        Assert.True(SmartGovFactory.IsRedirect(accepted), $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        var receipt = SmartGovFactory.RedirectPath(accepted)!;
        Assert.Matches("^/applications/[0-9]{22}/receipt$", receipt);
        var number = receipt.Split('/')[2];
        var again = await PostIntakeAsync(clerk, code, html, idNumber, "李海洋", papers);
        Assert.Equal(receipt, SmartGovFactory.RedirectPath(again));

        var view = await (await clerk.GetAsync("/api/v1/applications/by-number/" + number)).ReadJsonAsync();
        Assert.Equal("InReview", view.Str("status"));
        Assert.Equal("Window", view.Str("channel"));
        Assert.Equal(ConsoleTestKit.DistrictHall, view.GetProperty("hallId").GetGuid());
        Assert.All(view.GetProperty("materials").EnumerateArray(), m => Assert.Equal("paper", m.Str("source")));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Set<Application>().CountAsync(a => a.Number != null && a.ApplicantName == "李海洋")));

        // The competent department (人社局) has it in its queue.
        using var rsj = await factory.SignedInStaffAsync("rsj.officer");
        Assert.Contains(number, await rsj.GetStringAsync("/console/applications?number=" + number), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clerk_looks_up_a_citizen_with_an_account_sees_the_masked_name_and_the_application_is_theirs()
    {
        using var clerk = await factory.SignedInStaffAsync("clerk3");
        await clerk.ChooseHallAsync(ConsoleTestKit.DistrictHall);
        var code = (await ConsoleTestKit.ItemAsync(clerk, "社会保障卡申领")).Str("implementationCode")!;
        var html = await clerk.GetStringAsync("/console/window/intake?code=" + code);
        var lookup = await clerk.PostFormAsync("/console/window/intake?code=" + code + "&handler=lookup",
            [new("__RequestVerificationToken", HubClient.ExtractToken(html)!), new("formToken", ConsoleTestKit.FormToken(html)), new("applicantIdNumber", DemoCitySeeder.DemoCitizen.IdNumber)]);
        var found = (await lookup.Content.ReadAsStringAsync()).Html();
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Contains("已找到账户：张**", found, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCitySeeder.DemoCitizen.Name, found, StringComparison.Ordinal);
        Assert.Contains("value=\"张**\"", found, StringComparison.Ordinal);

        // Accepting with the masked name prefilled files the application under the account's own name, for the account.
        var accepted = await PostIntakeAsync(clerk, code, found, DemoCitySeeder.DemoCitizen.IdNumber, "张**", ConsoleTestKit.PaperRequirementIds(found));
        Assert.True(SmartGovFactory.IsRedirect(accepted), $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        var number = SmartGovFactory.RedirectPath(accepted)!.Split('/')[2];
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var mine = await (await citizen.GetAsync("/api/v1/applications/by-number/" + number)).ReadJsonAsync();
        Assert.Equal(DemoCitySeeder.DemoCitizen.Name, mine.Str("applicantName"));
        Assert.Equal("InReview", mine.Str("status"));

        // The look-up is audited with its purpose.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var reads = await auditor.AuditEntriesAsync("view-personal-data", HubClient.StaffId("clerk3"));
        Assert.Contains(reads, e => e.Str("purpose") == "一窗受理");
    }

    [Fact]
    public async Task An_item_that_is_not_city_wide_is_refused_at_a_hall_it_does_not_list()
    {
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        await clerk.ChooseHallAsync(ConsoleTestKit.DistrictHall);
        var item = await ConsoleTestKit.ItemAsync(clerk, "离婚登记");
        Assert.False(item.GetProperty("cityWide").GetBoolean());
        var code = item.Str("implementationCode")!;

        var search = (await clerk.GetStringAsync("/console/window?q=" + Uri.EscapeDataString("离婚登记"))).Html();
        Assert.Contains("“东湖区政务服务中心”不能受理“离婚登记”", search, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/console/window/intake?code={code}\"", search, StringComparison.Ordinal);

        var direct = await clerk.GetAsync("/console/window/intake?code=" + code);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, direct.StatusCode);
        var html = (await direct.Content.ReadAsStringAsync()).Html();
        Assert.Contains("该事项不是全城通办事项，且本大厅不在其办理地点之列", html, StringComparison.Ordinal);
        Assert.Contains("is not city-wide and this hall is not among its places", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"cwin-intake\"", html, StringComparison.Ordinal);

        // At the city hall, which the item lists, the form is there.
        await clerk.ChooseHallAsync(ConsoleTestKit.Hall("city"));
        Assert.Contains("data-testid=\"cwin-intake\"", await clerk.GetStringAsync("/console/window/intake?code=" + code), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workflow_editor_publishes_a_parallel_stage_and_refuses_broken_ones_row_by_row()
    {
        using var data = await factory.SignedInStaffAsync("zrzy.data");
        var item = await ConsoleTestKit.ItemAsync(data, "建设工程规划许可证核发");
        var path = "/console/workflows/" + item.Str("implementationCode");
        var editor = (await data.GetStringAsync(path)).Html();
        var versions = Versions(editor);
        Assert.Contains("name=\"steps[0].key\"", editor, StringComparison.Ordinal);

        // "Add a row" works without JavaScript.
        var added = await data.SubmitFormAsync(path, Rows(DefaultRows()), path + "?handler=addRow");
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("name=\"steps[4].key\"", await added.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A share above 1 and a missing decision step: each error beside its row, in both languages; nothing published.
        var broken = ParallelRows();
        broken[2] = broken[2] with { Countersign = "Share", Approvers = "3", Share = "1.5" };
        broken.RemoveAt(4);
        var refused = await data.SubmitFormAsync(path, Rows(broken));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedHtml = (await refused.Content.ReadAsStringAsync()).Html();
        Assert.Contains("会签比例：会签比例应大于 0 且不超过 1", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("Share: The countersign share must be above 0 and at most 1.", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"steps-2-share-error\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("流程须有且只有一个决定环节", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("The workflow needs exactly one decision step.", refusedHtml, StringComparison.Ordinal);
        var notANumber = ParallelRows();
        notANumber[1] = notANumber[1] with { Stage = "一" };
        var typo = await data.SubmitFormAsync(path, Rows(notANumber));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, typo.StatusCode);
        Assert.Contains("阶段：阶段应为整数", (await typo.Content.ReadAsStringAsync()).Html(), StringComparison.Ordinal);
        Assert.Equal(versions, Versions((await data.GetStringAsync(path)).Html()));

        // Three departments in parallel, then the decision and issuance.
        var published = await data.SubmitFormAsync(path, Rows(ParallelRows()).Append(new("resultLicenceTypeCode", "zrzy.construction-planning-permit")).Append(new("resultValidYears", "2")));
        Assert.True(SmartGovFactory.IsRedirect(published), $"{(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        var after = (await data.GetStringAsync(path)).Html();
        Assert.Contains($"已发布办理流程第 {versions + 1} 版。", after, StringComparison.Ordinal);
        Assert.Equal(versions + 1, Versions(after));
        Assert.Contains("受理 → 规划审查 ‖ 建设审查 ‖ 交通影响审查 → 决定 → 制证", after, StringComparison.Ordinal);
        var workflow = await (await data.GetAsync($"/api/v1/service-items/{item.Str("implementationCode")}/workflow")).ReadJsonAsync();
        Assert.Contains(HubClient.DepartmentId("zjj").ToString(), workflow.ToString(), StringComparison.Ordinal);

        // Another department's data administrator may not edit it.
        using var other = await factory.SignedInStaffAsync("mzj.data");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path)).StatusCode);
    }

    /// <summary>How many workflow versions the page lists (0 while the built-in default applies).</summary>
    private static int Versions(string html) => System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"cwf-version\"");

    private sealed record Row(string Key, string NameZh, string Kind, string Stage, string? Department = null, string Role = "Officer",
        string Countersign = "Alone", string Approvers = "1", string Share = "0.5");

    private static List<Row> DefaultRows() =>
    [
        new("intake", "受理", "Intake", "0"), new("review", "审查", "Review", "1"),
        new("decision", "决定", "Decision", "2", Role: "DepartmentLeader"), new("issue", "制证送达", "Issue", "3"),
    ];

    private static List<Row> ParallelRows() =>
    [
        new("intake", "受理", "Intake", "0"),
        new("plan", "规划审查", "Review", "1", HubClient.DepartmentId("zrzy").ToString()),
        new("build", "建设审查", "Review", "1", HubClient.DepartmentId("zjj").ToString()),
        new("traffic", "交通影响审查", "Review", "1", HubClient.DepartmentId("gaj").ToString()),
        new("decision", "决定", "Decision", "2", Role: "DepartmentLeader"),
        new("issue", "制证", "Issue", "3"),
    ];

    private static IEnumerable<KeyValuePair<string, string>> Rows(List<Row> rows) => rows.SelectMany((r, i) => new KeyValuePair<string, string>[]
    {
        new($"steps[{i}].key", r.Key), new($"steps[{i}].nameZh", r.NameZh), new($"steps[{i}].nameEn", ""), new($"steps[{i}].kind", r.Kind),
        new($"steps[{i}].stage", r.Stage), new($"steps[{i}].departmentId", r.Department ?? ""), new($"steps[{i}].role", r.Role),
        new($"steps[{i}].countersign", r.Countersign), new($"steps[{i}].approvers", r.Approvers), new($"steps[{i}].share", r.Share),
    });

    [Fact]
    public async Task The_clerk_who_took_it_in_supplies_the_supplement_at_the_window_with_a_paper_original_and_a_scan()
    {
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var item = await ConsoleTestKit.ItemAsync(clerk, "居住证办理");
        var required = item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required" && m.Str("source") == "Applicant").ToList();
        var intake = await PostApiAsync(clerk, "/api/v1/window/applications", new
        {
            itemCode = item.Str("implementationCode"), hallId = ConsoleTestKit.DistrictHall, applicantIdNumber = ConsoleTestKit.WalkInIdNumber(41),
            applicantName = "王补正", mobile = "13900139041",
            form = new Dictionary<string, string>
            {
                ["applicantName"] = "王补正", ["idNumber"] = ConsoleTestKit.WalkInIdNumber(41), ["mobile"] = "13900139041", ["address"] = "示范市东湖区人民路 41 号",
            },
            materials = required.Select(m => new { requirementId = m.GetProperty("id").GetGuid(), paper = true, name = m.Str("name") }).ToArray(),
            acceptNow = true,
        }, HttpStatusCode.Created);
        var id = intake.GetProperty("id").GetGuid();
        var asked = required[0].Str("name")!;
        // The officer asks for one of the item's materials and one thing of their own, all at once (一次性告知).
        await PostApiAsync(officer, $"/api/v1/applications/{id}/actions", new { action = "RequestSupplement", missing = new[] { asked, "社区出具的居住证明" }, comment = "复印件不清晰" },
            HttpStatusCode.OK);
        Assert.Equal("SupplementRequested", await clerk.StatusAsync(id));

        // The officer's page has no supplement form: only the clerk who took it in brings the papers in.
        Assert.DoesNotContain("data-testid=\"capp-supply\"", await officer.GetStringAsync($"/console/applications/{id}"), StringComparison.Ordinal);
        var html = (await clerk.GetStringAsync($"/console/applications/{id}")).Html();
        Assert.Contains("data-testid=\"capp-supply\"", html, StringComparison.Ordinal);
        var listed = Regex.Matches(html, "data-testid=\"capp-supply-material\" data-name=\"([^\"]+)\" data-material-id=\"([0-9a-f-]{36})\"")
            .Select(m => (Name: m.Groups[1].Value, Id: m.Groups[2].Value)).ToList();
        Assert.Equal(new[] { asked, "社区出具的居住证明" }.Order(StringComparer.Ordinal), listed.Select(l => l.Name).Order(StringComparer.Ordinal));

        // A scan of the second material, nothing for the first: refused, the first named in both languages, nothing
        // saved, and the scan not lost: the page shows it as uploaded and carries it to the next try.
        var partial = await PostSupplyAsync(clerk, id, html, "当场补交", [], (listed[1].Id, "居住证明.pdf"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, partial.StatusCode);
        var refused = (await partial.Content.ReadAsStringAsync()).Html();
        Assert.Contains($"{listed[0].Name}：请上传文件，或勾选“已核验纸质原件”", refused, StringComparison.Ordinal);
        Assert.Contains($"{listed[0].Name}: Upload a file, or tick", refused, StringComparison.Ordinal);
        Assert.Contains("已上传：居住证明.pdf", refused, StringComparison.Ordinal);
        Assert.Matches($"name=\"supplyStaged\\[{listed[1].Id}\\]\" value=\"[0-9a-f-]{{36}}\"", refused);
        Assert.Equal("SupplementRequested", await clerk.StatusAsync(id));

        // The paper original of the first; the scan of the second is the one uploaded before, not sent again: the
        // application goes back to review.
        var done = await PostSupplyAsync(clerk, id, refused, "当场补交，原件已核验", [listed[0].Id], null);
        Assert.True(SmartGovFactory.IsRedirect(done), $"{(int)done.StatusCode}: {await done.Content.ReadAsStringAsync()}");
        Assert.Equal($"/console/applications/{id}", SmartGovFactory.RedirectPath(done));
        var after = (await clerk.GetStringAsync($"/console/applications/{id}")).Html();
        Assert.Contains("已办理：补正材料。", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"capp-supply\"", after, StringComparison.Ordinal);
        var view = await (await officer.GetAsync($"/api/v1/applications/{id}")).ReadJsonAsync();
        Assert.Equal("InReview", view.Str("status"));
        var materials = view.GetProperty("materials").EnumerateArray().ToList();
        Assert.DoesNotContain(materials, m => m.GetProperty("missing").GetBoolean());
        Assert.Contains(materials, m => m.Str("name") == "社区出具的居住证明" && m.Str("fileName") == "居住证明.pdf" && m.Str("sm3") is { Length: 64 });
        Assert.Contains(materials, m => m.Str("name") == asked && m.Str("source") == "paper" && m.Str("note") == "补正");
        var history = await (await officer.GetAsync($"/api/v1/applications/{id}/history")).ReadJsonAsync();
        Assert.Contains(history.EnumerateArray(), e => e.Str("action") == "Supplement" && e.Str("toStatus") == "InReview");
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var decisions = await auditor.AuditEntriesAsync("decide", HubClient.StaffId("clerk2"));
        Assert.Contains(decisions, e => e.Str("subjectId") == id.ToString() && e.Str("details")!.Contains("当场补交，原件已核验", StringComparison.Ordinal));
    }

    private static async Task<System.Text.Json.JsonElement> PostApiAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path} → {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Submits the 办件 page's supplement form as a browser does (multipart, the page's token and revision).</summary>
    private static async Task<HttpResponseMessage> PostSupplyAsync(HttpClient clerk, Guid id, string html, string comment, IEnumerable<string> paper,
        (string MaterialId, string FileName)? upload)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(HubClient.ExtractToken(html)!), "__RequestVerificationToken" },
            { new StringContent(Regex.Match(html, "name=\"revision\" value=\"([0-9]+)\"").Groups[1].Value), "revision" },
            { new StringContent(comment), "comment" },
        };
        foreach (var p in paper)
        {
            form.Add(new StringContent(p), "supplyPaper");
        }
        // Hidden fields of the page, as a browser sends them: scans kept from a refused try.
        foreach (Match staged in Regex.Matches(html, "name=\"(supplyStaged\\[[0-9a-f-]{36}\\])\" value=\"([0-9a-f-]{36})\""))
        {
            form.Add(new StringContent(staged.Groups[2].Value), staged.Groups[1].Value);
        }
        if (upload is { } u)
        {
            var file = new ByteArrayContent(ConsoleTestKit.Pdf);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(file, "supply-" + u.MaterialId, u.FileName);
        }
        return await clerk.PostAsync($"/console/applications/{id}?handler=supply", form);
    }

    /// <summary>Submits the intake form as a browser does (multipart, with the page's token and form token).</summary>
    private static async Task<HttpResponseMessage> PostIntakeAsync(HttpClient clerk, string code, string html, string idNumber, string name, IEnumerable<string> paper)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(HubClient.ExtractToken(html)!), "__RequestVerificationToken" },
            { new StringContent(ConsoleTestKit.FormToken(html)), "formToken" },
            { new StringContent(idNumber), "applicantIdNumber" },
            { new StringContent(name), "applicantName" },
            { new StringContent("13900139000"), "mobile" },
        };
        foreach (var p in paper)
        {
            form.Add(new StringContent(p), "paper");
        }
        return await clerk.PostAsync("/console/window/intake?code=" + code, form);
    }
}
