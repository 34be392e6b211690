using System.Net;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>The console pages an editor uses without JavaScript: the item list, the edit form, a new item.</summary>
public sealed class ConsolePageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_data_administrator_sees_only_the_own_departments_items()
    {
        using var editor = await factory.SignedInStaffAsync("mzj.data");
        var html = await (await editor.GetAsync("/console/services")).Content.ReadAsStringAsync();
        Assert.Contains("结婚登记", html, StringComparison.Ordinal);
        Assert.DoesNotContain("企业设立登记", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">", html, StringComparison.Ordinal);

        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        Assert.Equal(HttpStatusCode.Forbidden, (await sysadmin.GetAsync("/console/services")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sysadmin.GetAsync("/console/services/new")).StatusCode);
    }

    [Fact]
    public async Task Saving_the_edit_form_publishes_a_new_version()
    {
        using var editor = await factory.SignedInStaffAsync("gaj.data");
        var code = await editor.CodeOfAsync("居住证办理");
        var path = $"/console/services/{code}/edit";
        var form = await (await editor.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Contains("name=\"materials[0].name\"", form, StringComparison.Ordinal);
        Assert.Contains("<label for=\"promisedDays\">", form, StringComparison.Ordinal);

        var fields = FormFields(form);
        fields["promisedDays"] = ["5"];
        fields["changeNote"] = ["承诺时限压缩"];
        fields["materials[5].name"] = ["社会保障缴费证明"];
        fields["materials[5].necessity"] = ["Conditional"];
        fields["materials[5].condition"] = ["以就业为由申领且无劳动合同的"];
        fields["materials[5].forms"] = ["Electronic"];
        fields["materials[5].source"] = ["Sharing"];
        fields["materials[5].licenseTypeCode"] = ["rsj.social-insurance-record"];
        var response = await editor.SubmitFormAsync(path, fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v))));
        Assert.True(SmartGovFactory.IsRedirect(response), await response.Content.ReadAsStringAsync());
        Assert.Equal("/console/services", SmartGovFactory.RedirectPath(response));

        var item = await editor.ItemAsync(code);
        Assert.Equal(2, item.GetProperty("version").GetInt32());
        Assert.Equal(5, item.GetProperty("promisedDays").GetInt32());
        var materials = item.GetProperty("materials").EnumerateArray().ToList();
        Assert.Equal(6, materials.Count);
        Assert.Equal("rsj.social-insurance-record", materials[5].Str("licenseTypeCode"));
        var status = await (await editor.GetAsync("/console/services")).Content.ReadAsStringAsync();
        Assert.Contains("已发布：居住证办理（v2）", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_form_is_redrawn_with_the_errors_beside_the_fields()
    {
        using var editor = await factory.SignedInStaffAsync("gaj.data");
        var code = await editor.CodeOfAsync("户口迁移");
        var path = $"/console/services/{code}/edit";
        var fields = FormFields(await (await editor.GetAsync(path)).Content.ReadAsStringAsync());
        fields["statutoryDays"] = ["二十"];
        fields["promisedDays"] = ["400"];
        fields["materials[0].necessity"] = ["Conditional"];
        fields["materials[0].condition"] = [""];
        var response = await editor.SubmitFormAsync(path, fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"statutoryDays-error\"", html, StringComparison.Ordinal);
        Assert.Contains("“二十”不是整数", html, StringComparison.Ordinal);
        Assert.Contains("value=\"二十\"", html, StringComparison.Ordinal);
        Assert.Equal(1, (await editor.ItemAsync(code)).GetProperty("version").GetInt32());

        fields["statutoryDays"] = ["20"];
        var second = await editor.SubmitFormAsync(path, fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        var html2 = await second.Content.ReadAsStringAsync();
        Assert.Contains("id=\"materials[0].condition-error\"", html2, StringComparison.Ordinal);
        Assert.Contains("id=\"promisedDays-error\"", html2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_item_is_added_through_the_form()
    {
        using var editor = await factory.SignedInStaffAsync("zrzy.data");
        var fields = FormFields(await (await editor.GetAsync("/console/services/new")).Content.ReadAsStringAsync());
        fields["basicCode"] = ["0710088000"];
        fields["name"] = ["不动产抵押登记"];
        fields["itemType"] = ["Confirmation"];
        fields["legalBasis"] = ["《不动产登记暂行条例》"];
        fields["acceptanceConditions"] = ["以不动产设定抵押的。"];
        fields["applicantTypes"] = ["NaturalPerson", "LegalPerson"];
        fields["statutoryDays"] = ["30"];
        fields["promisedDays"] = ["3"];
        fields["lifeEvents"] = ["Housing"];
        fields["keywords"] = ["房屋抵押、贷款抵押"];
        fields["materials[0].name"] = ["抵押合同"];
        fields["materials[0].necessity"] = ["Required"];
        fields["materials[0].forms"] = ["Original"];
        fields["materials[0].source"] = ["Applicant"];
        var response = await editor.SubmitFormAsync("/console/services/new", fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v))));
        Assert.True(SmartGovFactory.IsRedirect(response), await response.Content.ReadAsStringAsync());
        using var anonymous = factory.CreateApiClient();
        var code = await anonymous.CodeOfAsync("不动产抵押登记");
        var item = await anonymous.ItemAsync(code);
        Assert.Equal(HubClient.DepartmentId("zrzy"), item.GetProperty("departmentId").GetGuid());
        Assert.Equal("抵押合同", item.GetProperty("materials")[0].Str("name"));
        Assert.Equal("不动产抵押登记", (await anonymous.SearchAsync("q=" + Uri.EscapeDataString("贷款抵押"))).Names().First());
    }

    [Fact]
    public async Task More_material_rows_come_without_javascript()
    {
        using var editor = await factory.SignedInStaffAsync("zrzy.data");
        var fields = FormFields(await (await editor.GetAsync("/console/services/new")).Content.ReadAsStringAsync());
        var response = await editor.SubmitFormAsync("/console/services/new", fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v))),
            postPath: "/console/services/new?handler=AddRow");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"materials[4].name\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("field-error", html, StringComparison.Ordinal);
    }

    /// <summary>The values a browser would send for the form as drawn: text inputs, selected options, ticked boxes, textareas.</summary>
    private static Dictionary<string, List<string>> FormFields(string html)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string name, string value)
        {
            if (name == "__RequestVerificationToken")
            {
                return;
            }
            (fields.TryGetValue(name, out var list) ? list : fields[name] = []).Add(WebUtility.HtmlDecode(value));
        }
        var form = html[html.IndexOf("data-testid=\"item-form\"", StringComparison.Ordinal)..];
        // A browser posts only this form's own fields: its anti-forgery token must be inside it.
        Assert.Contains("name=\"__RequestVerificationToken\"", form[..form.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(form, "<input([^>]*)>"))
        {
            var attrs = m.Groups[1].Value;
            var name = Attr(attrs, "name");
            if (name is null) { continue; }
            var type = Attr(attrs, "type") ?? "text";
            if (type is "checkbox" or "radio")
            {
                if (attrs.Contains("checked", StringComparison.Ordinal)) { Add(name, Attr(attrs, "value") ?? "on"); }
            }
            else if (type != "file")
            {
                Add(name, Attr(attrs, "value") ?? "");
            }
        }
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(form, "<textarea([^>]*)>([^<]*)</textarea>"))
        {
            Add(Attr(m.Groups[1].Value, "name")!, m.Groups[2].Value);
        }
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(form, "<select([^>]*)>(.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var selected = System.Text.RegularExpressions.Regex.Match(m.Groups[2].Value, "<option value=\"([^\"]*)\" selected");
            Add(Attr(m.Groups[1].Value, "name")!, selected.Success ? selected.Groups[1].Value : "");
        }
        return fields;
    }

    private static string? Attr(string attrs, string name)
    {
        var m = System.Text.RegularExpressions.Regex.Match(attrs, $"(?:^|\\s){name}=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }
}
