using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using MiniExcelLibs;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services.Admin;
using Microsoft.Extensions.Options;

namespace SmartGov.Hub.Modules.Services.Excel;

/// <summary>One problem in an imported workbook: the sheet, row and column (as Excel shows them) and the reason in both languages.</summary>
public sealed record ImportError(string Sheet, string SheetEn, int? Row, string? Column, string? ColumnName, string? ColumnNameEn, string Code, string MessageZh, string MessageEn)
{
    /// <summary>Where, as a person reads it: 第 5 行 D 列（事项类型）.</summary>
    public string WhereZh => Row is null ? $"工作表“{Sheet}”" : $"工作表“{Sheet}”第 {Row} 行" + (Column is null ? "" : $" {Column} 列（{ColumnName}）");

    public string WhereEn => Row is null ? $"sheet '{SheetEn}'" : $"sheet '{SheetEn}', row {Row}" + (Column is null ? "" : $", column {Column} ({ColumnNameEn})");
}

/// <summary>The outcome of an import: nothing is published unless <see cref="Errors"/> is empty.</summary>
public sealed record ImportReport(IReadOnlyList<ImportError> Errors, int Rows, int Created, int Updated, int Unchanged)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// The catalog as an xlsx workbook (MiniExcel), because departments keep their item lists in Excel. Two sheets:
/// 事项 (one row per item) and 材料 (one row per material, linked by the implementation code, or by the item name for
/// new items without a code). An export imports back unchanged. An import checks every cell and every row, reports
/// each problem by sheet, row and column in both languages, and publishes nothing unless everything is right.
/// </summary>
public sealed class CatalogSpreadsheet(ServiceItemAdmin admin, IOrganizationDirectory organizations, IOptions<ServicesOptions> options)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string ItemsSheet = "事项";
    public const string MaterialsSheet = "材料";
    private const string ItemsSheetEn = "Items";
    private const string MaterialsSheetEn = "Materials";

    private sealed record Column(string Key, string Header, string HeaderEn, bool Required = false);

    private static readonly Column[] ItemColumns =
    [
        new("implementationCode", "实施编码", "Implementation code"),
        new("basicCode", "基本编码", "Basic code", true),
        new("name", "事项名称", "Item name", true),
        new("nameEn", "英文名称", "English name"),
        new("itemType", "事项类型", "Item type", true),
        new("departmentId", "实施部门", "Implementing department", true),
        new("legalBasis", "设定依据", "Legal basis", true),
        new("acceptanceConditions", "受理条件", "Acceptance conditions", true),
        new("applicantTypes", "服务对象", "Applicant types", true),
        new("statutoryDays", "法定时限（工作日）", "Statutory limit (working days)", true),
        new("promisedDays", "承诺时限（工作日）", "Promised limit (working days)", true),
        new("fees", "收费标准", "Fees", true),
        new("feeBasis", "收费依据", "Basis of the fees"),
        new("handlingForm", "办理形式", "Handling form", true),
        new("maxVisits", "到现场次数", "Visits", true),
        new("hallIds", "办理大厅", "Service halls"),
        new("cityWide", "全城通办", "City-wide"),
        new("lifeEvents", "人生事件", "Life events"),
        new("businessStages", "企业阶段", "Business stages"),
        new("keywords", "关键词", "Keywords"),
        new("formFields", "表单字段（JSON）", "Form fields (JSON)"),
        new("effectiveFrom", "生效日期", "Effective from"),
        new("withdrawnOn", "废止日期", "Withdrawn on"),
        new("changeNote", "修改说明", "Change note"),
        new("version", "版本", "Version"),
    ];

    private static readonly Column[] MaterialColumns =
    [
        new("implementationCode", "实施编码", "Implementation code"),
        new("itemName", "事项名称", "Item name"),
        new("order", "序号", "No."),
        new("name", "材料名称", "Material", true),
        new("necessity", "必要性", "Necessity", true),
        new("condition", "适用情形", "Condition"),
        new("forms", "材料形式", "Form", true),
        new("copies", "份数", "Copies"),
        new("source", "来源", "Source", true),
        new("licenseTypeCode", "证照类型代码", "Licence type code"),
        new("blankFormUrl", "空白表格", "Blank form"),
        new("sampleUrl", "示例样表", "Sample"),
        new("acceptanceStandard", "受理标准", "Acceptance standard"),
    ];

    // ---- export ----

    public async Task<byte[]> ExportAsync(Guid? departmentId, CancellationToken ct = default)
    {
        var items = await admin.ExportAsync(departmentId, ct);
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var halls = (await organizations.ListServiceHallsAsync(ct)).ToDictionary(h => h.Id, h => h.Name);
        var itemRows = new List<Dictionary<string, object?>>();
        var materialRows = new List<Dictionary<string, object?>>();
        foreach (var v in items)
        {
            var values = new Dictionary<string, object?>
            {
                ["implementationCode"] = v.ImplementationCode,
                ["basicCode"] = v.BasicCode,
                ["name"] = v.Name,
                ["nameEn"] = v.NameEn,
                ["itemType"] = CatalogNames.Of(v.ItemType).Zh,
                ["departmentId"] = departments.TryGetValue(v.DepartmentId, out var d) ? d.Name : v.DepartmentId.ToString(),
                ["legalBasis"] = v.LegalBasis,
                ["acceptanceConditions"] = v.AcceptanceConditions,
                ["applicantTypes"] = CatalogNames.Of(v.ApplicantTypes).Zh,
                ["statutoryDays"] = v.StatutoryDays,
                ["promisedDays"] = v.PromisedDays,
                ["fees"] = v.Fees,
                ["feeBasis"] = v.FeeBasis,
                ["handlingForm"] = CatalogNames.Of(v.HandlingForm).Zh,
                ["maxVisits"] = v.MaxVisits,
                ["hallIds"] = string.Join("、", v.HallIds.Select(h => halls.GetValueOrDefault(h, h.ToString()))),
                ["cityWide"] = v.CityWide ? "是" : "否",
                ["lifeEvents"] = string.Join("、", v.LifeEvents.Select(e => CatalogNames.Of(e).Zh)),
                ["businessStages"] = string.Join("、", v.BusinessStages.Select(s => CatalogNames.Of(s).Zh)),
                ["keywords"] = string.Join("、", v.Keywords),
                ["formFields"] = v.FormFields.Count == 0 ? "" : JsonSerializer.Serialize(v.FormFields, ExportJson),
                ["effectiveFrom"] = v.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["withdrawnOn"] = v.WithdrawnOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["changeNote"] = null,
                ["version"] = v.Version,
            };
            itemRows.Add(ItemColumns.ToDictionary(c => c.Header, c => values[c.Key]));
            foreach (var m in v.Materials)
            {
                var mv = new Dictionary<string, object?>
                {
                    ["implementationCode"] = v.ImplementationCode,
                    ["itemName"] = v.Name,
                    ["order"] = m.Order,
                    ["name"] = m.Name,
                    ["necessity"] = CatalogNames.Of(m.Necessity).Zh,
                    ["condition"] = m.Condition,
                    ["forms"] = CatalogNames.Of(m.Forms).Zh,
                    ["copies"] = m.Copies,
                    ["source"] = CatalogNames.Of(m.Source).Zh,
                    ["licenseTypeCode"] = m.LicenseTypeCode,
                    ["blankFormUrl"] = m.BlankFormUrl,
                    ["sampleUrl"] = m.SampleUrl,
                    ["acceptanceStandard"] = m.AcceptanceStandard,
                };
                materialRows.Add(MaterialColumns.ToDictionary(c => c.Header, c => mv[c.Key]));
            }
        }
        // A sheet without rows would lose its header row; an empty row keeps the columns visible for a new catalog.
        if (itemRows.Count == 0)
        {
            itemRows.Add(ItemColumns.ToDictionary(c => c.Header, _ => (object?)null));
        }
        if (materialRows.Count == 0)
        {
            materialRows.Add(MaterialColumns.ToDictionary(c => c.Header, _ => (object?)null));
        }
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { [ItemsSheet] = itemRows, [MaterialsSheet] = materialRows });
        return stream.ToArray();
    }

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // ---- import ----

    public async Task<ImportReport> ImportAsync(ClaimsPrincipal user, Stream content, long? length, bool dryRun = false, CancellationToken ct = default)
    {
        var limit = options.Value.ImportMaxBytes;
        if (length > limit)
        {
            return FileError("import.too-large", $"文件超过 {limit / 1024 / 1024} MB 的上限", $"The file exceeds the limit of {limit / 1024 / 1024} MB.");
        }
        using var buffer = new MemoryStream();
        await CopyLimitedAsync(content, buffer, limit, ct);
        if (buffer.Length > limit)
        {
            return FileError("import.too-large", $"文件超过 {limit / 1024 / 1024} MB 的上限", $"The file exceeds the limit of {limit / 1024 / 1024} MB.");
        }
        if (buffer.Length == 0)
        {
            return FileError("import.empty", "没有收到文件，或文件是空的", "No file was received, or it is empty.");
        }

        List<IDictionary<string, object?>> itemRows, materialRows;
        try
        {
            buffer.Position = 0;
            var sheets = MiniExcel.GetSheetNames(buffer);
            if (!sheets.Contains(ItemsSheet))
            {
                return FileError("import.no-items-sheet", $"工作簿中没有名为“{ItemsSheet}”的工作表（请以导出的文件为模板）",
                    $"The workbook has no sheet named '{ItemsSheet}' (use an exported file as the template).");
            }
            buffer.Position = 0;
            itemRows = Read(buffer, ItemsSheet);
            materialRows = [];
            if (sheets.Contains(MaterialsSheet))
            {
                buffer.Position = 0;
                materialRows = Read(buffer, MaterialsSheet);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the library throws on a file that is not a workbook, the answer is the same.
            return FileError("import.not-xlsx", "文件不是有效的 Excel 工作簿（.xlsx）", "The file is not a valid Excel workbook (.xlsx).");
        }

        var errors = new List<ImportError>();
        CheckHeaders(itemRows, ItemColumns, ItemsSheet, ItemsSheetEn, errors);
        if (materialRows.Count > 0)
        {
            CheckHeaders(materialRows, MaterialColumns, MaterialsSheet, MaterialsSheetEn, errors);
        }
        if (errors.Count > 0)
        {
            return new ImportReport(errors, 0, 0, 0, 0);
        }
        itemRows = itemRows.Where(r => !IsBlank(r)).ToList();
        materialRows = materialRows.Where(r => !IsBlank(r)).ToList();
        if (itemRows.Count == 0)
        {
            return FileError("import.no-rows", "“事项”工作表中没有数据行", "The Items sheet has no rows.");
        }
        if (itemRows.Count > options.Value.ImportMaxRows)
        {
            return FileError("import.too-many-rows", $"一次最多导入 {options.Value.ImportMaxRows} 个事项", $"At most {options.Value.ImportMaxRows} items per import.");
        }

        var itemHeaders = itemRows[0].Keys.ToList();
        var materialHeaders = materialRows.FirstOrDefault()?.Keys.ToList() ?? [];
        var departments = await organizations.ListDepartmentsAsync(ct);
        var halls = await organizations.ListServiceHallsAsync(ct);
        var inputs = new List<ServiceItemInput>();
        var materialRowNumbers = new List<List<int>>();
        var byCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var byNewName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < itemRows.Count; i++)
        {
            var cells = new CellReader(itemRows[i], i + 2, ItemsSheet, ItemsSheetEn, ItemColumns, errors);
            inputs.Add(ReadItem(cells, departments, halls));
            materialRowNumbers.Add([]);
            var code = Cell.Text(itemRows[i], "实施编码")?.ToUpperInvariant();
            if (!string.IsNullOrEmpty(code))
            {
                byCode.TryAdd(code, i);
            }
            else if (Cell.Text(itemRows[i], "事项名称") is { } name)
            {
                byNewName.TryAdd(name, i);
            }
        }

        var materials = inputs.Select(_ => new List<MaterialInput>()).ToList();
        for (var r = 0; r < materialRows.Count; r++)
        {
            var row = materialRows[r];
            var excelRow = r + 2;
            var code = Cell.Text(row, "实施编码")?.ToUpperInvariant();
            var itemName = Cell.Text(row, "事项名称");
            int index;
            if (!string.IsNullOrEmpty(code))
            {
                if (!byCode.TryGetValue(code, out index))
                {
                    errors.Add(new ImportError(MaterialsSheet, MaterialsSheetEn, excelRow, LetterOf(materialHeaders, "实施编码"), "实施编码", "Implementation code", "material.item-missing",
                        $"“事项”工作表中没有实施编码为 {code} 的事项", $"The Items sheet has no item with implementation code {code}."));
                    continue;
                }
            }
            else if (itemName is null || !byNewName.TryGetValue(itemName, out index))
            {
                errors.Add(new ImportError(MaterialsSheet, MaterialsSheetEn, excelRow, LetterOf(materialHeaders, "事项名称"), "事项名称", "Item name", "material.item-missing",
                    "请填写实施编码；新事项（没有实施编码）请填写与“事项”工作表一致的事项名称",
                    "Give the implementation code; for a new item without one, give its name exactly as in the Items sheet."));
                continue;
            }
            var cells = new CellReader(row, excelRow, MaterialsSheet, MaterialsSheetEn, MaterialColumns, errors);
            var order = cells.Int("order");
            materials[index].Add(new MaterialInput(cells.Text("name"), cells.Text("necessity"), cells.Text("condition"),
                CatalogParsing.SplitList(cells.Text("forms")), cells.Int("copies"), cells.Text("source"), cells.Text("licenseTypeCode"),
                cells.Text("blankFormUrl"), cells.Text("sampleUrl"), cells.Text("acceptanceStandard")));
            materialRowNumbers[index].Add(excelRow * 1000 + Math.Clamp(order ?? 999, 0, 999));
        }
        // Materials keep the order of their 序号 column (then of their rows).
        for (var i = 0; i < inputs.Count; i++)
        {
            var ordered = materials[i].Zip(materialRowNumbers[i]).OrderBy(p => p.Second % 1000).ThenBy(p => p.Second / 1000).ToList();
            materials[i] = ordered.Select(p => p.First).ToList();
            materialRowNumbers[i] = ordered.Select(p => p.Second / 1000).ToList();
            inputs[i] = inputs[i] with { Materials = materials[i] };
        }
        // Cells that could not be read are already reported; the rows are still checked (as a dry run) so that one
        // upload names every problem, without repeating "required" for a cell that holds something unreadable.
        var unreadable = errors.Select(e => (e.Sheet, e.Row, e.Column)).ToHashSet();
        var outcome = await admin.PublishManyAsync(user, inputs, dryRun || errors.Count > 0, ct);
        foreach (var (index, rowErrors) in outcome.RowErrors)
        {
            foreach (var e in rowErrors)
            {
                var located = Locate(e, index, materialRowNumbers, itemHeaders, materialHeaders);
                if (!unreadable.Contains((located.Sheet, located.Row, located.Column)))
                {
                    errors.Add(located);
                }
            }
        }
        return errors.Count > 0
            ? new ImportReport(Sorted(errors), itemRows.Count, 0, 0, 0)
            : new ImportReport([], itemRows.Count, outcome.Created, outcome.Updated, outcome.Unchanged);
    }

    private static ServiceItemInput ReadItem(CellReader cells, IReadOnlyList<DepartmentInfo> departments, IReadOnlyList<ServiceHallInfo> halls)
    {
        Guid? departmentId = null;
        if (cells.Text("departmentId") is { } dept)
        {
            var matches = departments.Where(d => d.Name == dept || string.Equals(d.CreditCode, dept, StringComparison.OrdinalIgnoreCase) || d.Id.ToString() == dept).ToList();
            if (matches.Count == 1)
            {
                departmentId = matches[0].Id;
            }
            else
            {
                cells.Error("departmentId", matches.Count == 0 ? "department.unknown" : "department.ambiguous",
                    matches.Count == 0 ? $"部门“{dept}”不存在，请填写部门全称或统一社会信用代码" : $"有多个部门名为“{dept}”，请改填统一社会信用代码",
                    matches.Count == 0 ? $"Department '{dept}' does not exist; give its full name or credit code." : $"Several departments are named '{dept}'; give the credit code instead.");
            }
        }
        var hallIds = new List<Guid>();
        foreach (var hallName in CatalogParsing.SplitList(cells.Text("hallIds")))
        {
            var hall = halls.FirstOrDefault(h => h.Name == hallName || h.Id.ToString() == hallName);
            if (hall is null)
            {
                cells.Error("hallIds", "hall.unknown", $"服务大厅“{hallName}”不存在", $"Service hall '{hallName}' does not exist.");
            }
            else
            {
                hallIds.Add(hall.Id);
            }
        }
        List<FormFieldInput>? formFields = null;
        if (cells.Text("formFields") is { } json)
        {
            try
            {
                formFields = JsonSerializer.Deserialize<List<FormFieldInput>>(json, ExportJson);
            }
            catch (JsonException)
            {
                cells.Error("formFields", "formFields.json", "表单字段应为 JSON 数组，例如 [{\"name\":\"applicantName\",\"labelZh\":\"姓名\",\"labelEn\":\"Name\",\"type\":\"Text\",\"required\":true}]",
                    "Form fields must be a JSON array, e.g. [{\"name\":\"applicantName\",\"labelZh\":\"姓名\",\"labelEn\":\"Name\",\"type\":\"Text\",\"required\":true}].");
            }
        }
        return new ServiceItemInput(
            cells.Text("implementationCode"), cells.Text("basicCode"), cells.Text("name"), cells.Text("nameEn"), cells.Text("itemType"), departmentId,
            cells.Text("legalBasis"), cells.Text("acceptanceConditions"), CatalogParsing.SplitList(cells.Text("applicantTypes")),
            cells.Int("statutoryDays"), cells.Int("promisedDays"), cells.Text("fees"), cells.Text("feeBasis"), cells.Text("handlingForm"),
            cells.Int("maxVisits"), hallIds, cells.Bool("cityWide") ?? false, CatalogParsing.SplitList(cells.Text("lifeEvents")),
            CatalogParsing.SplitList(cells.Text("businessStages")), CatalogParsing.SplitList(cells.Text("keywords")), formFields ?? [],
            cells.Date("effectiveFrom"), cells.Date("withdrawnOn"), cells.Text("changeNote"), []);
    }

    /// <summary>Turns a field error of row <paramref name="index"/> into the cell it came from.</summary>
    private static ImportError Locate(FieldError e, int index, List<List<int>> materialRows, List<string> itemHeaders, List<string> materialHeaders)
    {
        if (index < 0)
        {
            return new ImportError(ItemsSheet, ItemsSheetEn, null, null, null, null, e.Code, e.MessageZh, e.MessageEn);
        }
        var field = e.Field;
        if (field.StartsWith("materials[", StringComparison.Ordinal))
        {
            var close = field.IndexOf(']', StringComparison.Ordinal);
            var m = int.Parse(field[10..close], CultureInfo.InvariantCulture);
            var key = close + 2 < field.Length ? field[(close + 2)..] : "name";
            var (letter, col) = ColumnOf(MaterialColumns, key, materialHeaders);
            var row = m < materialRows[index].Count ? materialRows[index][m] : (int?)null;
            return new ImportError(MaterialsSheet, MaterialsSheetEn, row, letter, col?.Header, col?.HeaderEn, e.Code, e.MessageZh, e.MessageEn);
        }
        var itemKey = field.StartsWith("formFields", StringComparison.Ordinal) ? "formFields" : field == "materials" ? "name" : field;
        var (itemLetter, itemCol) = ColumnOf(ItemColumns, itemKey, itemHeaders);
        return new ImportError(ItemsSheet, ItemsSheetEn, index + 2, itemLetter, itemCol?.Header, itemCol?.HeaderEn, e.Code, e.MessageZh, e.MessageEn);
    }

    private static (string? Letter, Column? Column) ColumnOf(Column[] columns, string key, List<string> headers)
    {
        var column = columns.FirstOrDefault(c => c.Key == key);
        return column is null ? (null, null) : (LetterOf(headers, column.Header), column);
    }

    /// <summary>The column letter of a header where this workbook has it (people reorder columns).</summary>
    private static string? LetterOf(IReadOnlyList<string> headers, string header)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i] == header)
            {
                return Letter(i);
            }
        }
        return null;
    }

    private static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";

    private static List<ImportError> Sorted(List<ImportError> errors) =>
        errors.OrderBy(e => e.Sheet == ItemsSheet ? 0 : 1).ThenBy(e => e.Row ?? 0).ThenBy(e => e.Column?.Length ?? 0).ThenBy(e => e.Column, StringComparer.Ordinal).ToList();

    private static void CheckHeaders(List<IDictionary<string, object?>> rows, Column[] columns, string sheet, string sheetEn, List<ImportError> errors)
    {
        var headers = rows.FirstOrDefault()?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var c in columns.Where(c => c.Required && !headers.Contains(c.Header)))
        {
            errors.Add(new ImportError(sheet, sheetEn, 1, null, c.Header, c.HeaderEn, "import.missing-column",
                $"缺少“{c.Header}”列（请以导出的文件为模板）", $"The column '{c.HeaderEn}' ({c.Header}) is missing (use an exported file as the template)."));
        }
    }

    private static List<IDictionary<string, object?>> Read(Stream stream, string sheet) =>
        stream.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();

    private static bool IsBlank(IDictionary<string, object?> row) => row.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s)));

    private static ImportReport FileError(string code, string zh, string en) =>
        new([new ImportError("文件", "file", null, null, null, null, code, zh, en)], 0, 0, 0, 0);

    private static async Task CopyLimitedAsync(Stream source, MemoryStream target, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            target.Write(buffer, 0, read);
            if (target.Length > limit)
            {
                return;
            }
        }
    }

    private static class Cell
    {
        public static string? Text(IDictionary<string, object?> row, string header)
        {
            if (!row.TryGetValue(header, out var v) || v is null)
            {
                return null;
            }
            var s = v switch
            {
                double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            };
            return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        }
    }

    /// <summary>Reads typed cells of one row and records a conversion error at the cell.</summary>
    private sealed class CellReader(IDictionary<string, object?> row, int excelRow, string sheet, string sheetEn, Column[] columns, List<ImportError> errors)
    {
        public string? Text(string key) => Cell.Text(row, Header(key).Header);

        public int? Int(string key)
        {
            var s = Text(key);
            if (s is null)
            {
                return null;
            }
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }
            Error(key, "cell.integer", $"“{s}”不是整数", $"'{s}' is not a whole number.");
            return null;
        }

        public bool? Bool(string key)
        {
            var s = Text(key);
            switch (s?.ToUpperInvariant())
            {
                case null: return null;
                case "是" or "Y" or "YES" or "TRUE" or "1": return true;
                case "否" or "N" or "NO" or "FALSE" or "0": return false;
                default:
                    Error(key, "cell.boolean", $"“{s}”应为“是”或“否”", $"'{s}' must be 是 (yes) or 否 (no).");
                    return null;
            }
        }

        public DateOnly? Date(string key)
        {
            if (!row.TryGetValue(Header(key).Header, out var raw) || raw is null)
            {
                return null;
            }
            if (raw is DateTime dt)
            {
                return DateOnly.FromDateTime(dt);
            }
            var s = Text(key);
            if (s is null)
            {
                return null;
            }
            string[] formats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy年M月d日"];
            if (DateOnly.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 100_000)
            {
                return DateOnly.FromDateTime(DateTime.FromOADate(serial)); // an Excel date serial number
            }
            Error(key, "cell.date", $"“{s}”不是日期，应写作 2026-01-01", $"'{s}' is not a date; write it as 2026-01-01.");
            return null;
        }

        public void Error(string key, string code, string zh, string en)
        {
            var column = Header(key);
            errors.Add(new ImportError(sheet, sheetEn, excelRow, LetterOf(row.Keys.ToList(), column.Header), column.Header, column.HeaderEn, code, zh, en));
        }

        private Column Header(string key) => columns.First(c => c.Key == key);
    }
}
