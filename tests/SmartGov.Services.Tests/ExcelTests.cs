using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MiniExcelLibs;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>
/// Departments keep their item lists in Excel: an export imports back unchanged; an import with any mistake imports
/// nothing and says, cell by cell and in both languages, what is wrong.
/// </summary>
public sealed class ExcelTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<(List<Dictionary<string, object?>> Items, List<Dictionary<string, object?>> Materials)> ExportAsync(HttpClient client, string department)
    {
        var response = await client.GetAsync($"/api/v1/services/export?departmentId={HubClient.DepartmentId(department)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (Read(bytes, "事项"), Read(bytes, "材料"));
    }

    private static List<Dictionary<string, object?>> Read(byte[] bytes, string sheet)
    {
        using var stream = new MemoryStream(bytes);
        return stream.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => new Dictionary<string, object?>(r)).ToList();
    }

    private static byte[] Workbook(List<Dictionary<string, object?>> items, List<Dictionary<string, object?>> materials)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["事项"] = items, ["材料"] = materials });
        return stream.ToArray();
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] workbook, bool dryRun = false)
    {
        var content = new ByteArrayContent(workbook);
        content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        return client.PostAsync("/api/v1/services/import" + (dryRun ? "?dryRun=true" : ""), content);
    }

    [Fact]
    public async Task An_export_imports_back_unchanged()
    {
        using var editor = await factory.SignedInStaffAsync("scjg.data");
        var (items, materials) = await ExportAsync(editor, "scjg");
        Assert.Equal(5, items.Count);
        Assert.Contains(items, i => (string?)i["事项名称"] == "企业设立登记" && (string?)i["事项类型"] == "行政许可" && (string?)i["实施部门"] == "示范市市场监督管理局");
        Assert.Contains(materials, m => (string?)m["材料名称"] == "公司章程" && (string?)m["来源"] == "申请人自备");

        var response = await ImportAsync(editor, Workbook(items, materials));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal(5, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, report.GetProperty("created").GetInt32());
        Assert.Equal(0, report.GetProperty("updated").GetInt32());
        var code = (string)items.First(i => (string?)i["事项名称"] == "企业设立登记")["实施编码"]!;
        Assert.Equal(1, (await editor.ItemAsync(code)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task An_import_updates_changed_rows_and_adds_new_items_with_their_materials()
    {
        using var editor = await factory.SignedInStaffAsync("jyj.data");
        var (items, materials) = await ExportAsync(editor, "jyj");
        var enrolment = items.First(i => (string?)i["事项名称"] == "义务教育阶段入学登记");
        enrolment["承诺时限（工作日）"] = 5;
        enrolment["修改说明"] = "压缩时限";
        var added = new Dictionary<string, object?>(items[0])
        {
            ["实施编码"] = null,
            ["基本编码"] = "2010077000",
            ["事项名称"] = "中小学转学",
            ["英文名称"] = "School transfer",
            ["事项类型"] = "公共服务",
            ["人生事件"] = "上学",
            ["企业阶段"] = null,
            ["关键词"] = "转学、换学校",
            ["服务对象"] = "自然人",
            ["法定时限（工作日）"] = 10,
            ["承诺时限（工作日）"] = 5,
            ["生效日期"] = "2026-01-01",
            ["废止日期"] = null,
        };
        items.Add(added);
        materials.Add(new Dictionary<string, object?>(materials[0]) { ["实施编码"] = null, ["事项名称"] = "中小学转学", ["序号"] = 1, ["材料名称"] = "转学申请表", ["必要性"] = "必要", ["适用情形"] = null, ["材料形式"] = "原件", ["来源"] = "申请人自备", ["证照类型代码"] = null });
        materials.Add(new Dictionary<string, object?>(materials[0]) { ["实施编码"] = null, ["事项名称"] = "中小学转学", ["序号"] = 2, ["材料名称"] = "学籍证明", ["必要性"] = "情形必要", ["适用情形"] = "跨市转学的", ["材料形式"] = "电子件", ["来源"] = "部门核发", ["证照类型代码"] = null });

        var dry = await ImportAsync(editor, Workbook(items, materials), dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        using var anonymous = factory.CreateApiClient();
        Assert.DoesNotContain("中小学转学", (await anonymous.SearchAsync("q=" + Uri.EscapeDataString("转学"))).Names());

        var response = await ImportAsync(editor, Workbook(items, materials));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        Assert.Equal(2, report.GetProperty("unchanged").GetInt32());

        var code = await anonymous.CodeOfAsync("中小学转学");
        var item = await anonymous.ItemAsync(code);
        Assert.Equal(["转学申请表", "学籍证明"], item.GetProperty("materials").EnumerateArray().Select(m => m.Str("name")!).ToArray());
        Assert.Equal("跨市转学的", item.GetProperty("materials")[1].Str("condition"));
        var updated = await anonymous.ItemAsync((string)enrolment["实施编码"]!);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        Assert.Equal(5, updated.GetProperty("promisedDays").GetInt32());
        Assert.Equal("压缩时限", updated.Str("changeNote"));
    }

    [Fact]
    public async Task A_workbook_with_mistakes_imports_nothing_and_names_each_cell_in_both_languages()
    {
        using var editor = await factory.SignedInStaffAsync("gaj.data");
        var (items, materials) = await ExportAsync(editor, "gaj");
        var before = items.Count;
        items[0]["事项类型"] = "行政魔法";              // row 2, column E
        items[1]["法定时限（工作日）"] = "二十";         // row 3, not a number
        items[2]["承诺时限（工作日）"] = 99;             // row 4, longer than the statutory limit
        items[3]["实施部门"] = "示范市民政局";           // row 5, another department
        items.Add(new Dictionary<string, object?>(items[4]) { ["实施编码"] = null, ["事项名称"] = "新事项", ["基本编码"] = "12345" }); // row 7: bad basic code
        materials[0]["来源"] = "捡来的";                 // materials row 2
        materials.Add(new Dictionary<string, object?>(materials[0]) { ["实施编码"] = "NO-SUCH-CODE", ["来源"] = "申请人自备" });

        var response = await ImportAsync(editor, Workbook(items, materials));
        var problem = await ProblemAssert.IsProblemAsync(response, 422, "validation");
        var cells = problem.GetProperty("cells").EnumerateArray().ToList();
        bool Has(string sheet, int row, string column, string code) => cells.Any(c =>
            c.Str("sheet") == sheet && c.GetProperty("row").GetInt32() == row && c.Str("column") == column && c.Str("code") == code);
        Assert.True(Has("事项", 2, "E", "itemType.unknown"), problem.ToString());
        Assert.True(Has("事项", 3, "J", "cell.integer"), problem.ToString());
        Assert.True(Has("事项", 4, "K", "promisedDays.exceeds-statutory"), problem.ToString());
        Assert.True(Has("事项", 5, "F", "department.not-yours"), problem.ToString());
        Assert.True(Has("事项", 7, "B", "basicCode.format"), problem.ToString());
        Assert.True(Has("材料", 2, "I", "material.source"), problem.ToString());
        Assert.Contains(cells, c => c.Str("sheet") == "材料" && c.Str("code") == "material.item-missing");
        Assert.All(cells, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Str("messageZh")));
            Assert.False(string.IsNullOrWhiteSpace(c.Str("messageEn")));
        });
        var message = problem.GetProperty("errors").EnumerateArray().First().Str("messageZh")!;
        Assert.Contains("第 2 行 E 列（事项类型）", message, StringComparison.Ordinal);

        // Nothing was imported, not even the rows without mistakes.
        using var anonymous = factory.CreateApiClient();
        var after = await anonymous.SearchAsync($"departmentId={HubClient.DepartmentId("gaj")}&pageSize=100");
        Assert.Equal(before, after.GetProperty("total").GetInt32());
        Assert.All(after.GetProperty("items").EnumerateArray(), i => Assert.NotEqual("新事项", i.Str("name")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_a_validation_error_not_a_500()
    {
        using var editor = await factory.SignedInStaffAsync("gaj.data");
        var problem = await ProblemAssert.IsProblemAsync(await ImportAsync(editor, "这不是 Excel 文件"u8.ToArray()), 422, "validation");
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.Str("code") == "import.not-xlsx");
        using var empty = new MemoryStream();
        empty.SaveAs(new Dictionary<string, object> { ["Sheet1"] = new[] { new Dictionary<string, object?> { ["A"] = 1 } } });
        var noSheet = await ProblemAssert.IsProblemAsync(await ImportAsync(editor, empty.ToArray()), 422, "validation");
        Assert.Contains(noSheet.GetProperty("errors").EnumerateArray(), e => e.Str("code") == "import.no-items-sheet");
    }

    [Fact]
    public async Task The_api_also_takes_the_workbook_as_a_multipart_file_and_checks_without_importing()
    {
        using var editor = await factory.SignedInStaffAsync("swj.data");
        var (items, materials) = await ExportAsync(editor, "swj");
        items[0]["承诺时限（工作日）"] = 0;
        items[0]["法定时限（工作日）"] = 3;
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Workbook(items, materials)) { Headers = { ContentType = new MediaTypeHeaderValue(Xlsx) } }, "file", "swj.xlsx" },
        };
        var response = await editor.PostAsync("/api/v1/services/import?dryRun=true", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        Assert.Equal(1, (await editor.ItemAsync((string)items[0]["实施编码"]!)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Only_a_department_editor_may_import()
    {
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        await ProblemAssert.IsProblemAsync(await ImportAsync(officer, [1, 2, 3]), 403, "forbidden");
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await ImportAsync(sysadmin, [1, 2, 3]), 403, "forbidden");
        Assert.Equal(HttpStatusCode.Forbidden, (await sysadmin.GetAsync("/console/services/import")).StatusCode);
    }

    [Fact]
    public async Task The_console_import_page_lists_the_problems_without_javascript()
    {
        using var editor = await factory.SignedInStaffAsync("wjw.data");
        var export = await editor.GetAsync("/console/services?handler=Export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var items = Read(bytes, "事项");
        var materials = Read(bytes, "材料");
        items[1]["到现场次数"] = 5;

        var token = await editor.AntiforgeryTokenAsync("/console/services/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Workbook(items, materials)) { Headers = { ContentType = new MediaTypeHeaderValue(Xlsx) } }, "file", "wjw.xlsx" },
        };
        var response = await editor.PostAsync("/console/services/import", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"import-errors\"", html, StringComparison.Ordinal);
        Assert.Contains("到现场次数只能是 0、1 或 2", html, StringComparison.Ordinal);
        Assert.Contains("The number of visits must be 0, 1 or 2.", html, StringComparison.Ordinal);
        Assert.Contains("<td>3</td>", html, StringComparison.Ordinal);

        items[1]["到现场次数"] = 0;
        var token2 = await editor.AntiforgeryTokenAsync("/console/services/import");
        using var good = new MultipartFormDataContent
        {
            { new StringContent(token2), "__RequestVerificationToken" },
            { new ByteArrayContent(Workbook(items, materials)) { Headers = { ContentType = new MediaTypeHeaderValue(Xlsx) } }, "file", "wjw.xlsx" },
        };
        var ok = await editor.PostAsync("/console/services/import", good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("data-testid=\"import-result\"", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
