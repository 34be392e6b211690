using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// Intake (online and at the window), the workflow's state machine, deadlines and the views of an application.
/// Every change commits with its audit entry and its history line in one SaveChanges.
/// </summary>
public sealed partial class ApplicationService(
    SmartGovDbContext db,
    IAuditSink audit,
    IServiceCatalog catalog,
    IWorkingCalendar calendar,
    IOrganizationDirectory organizations,
    IPersonDirectory people,
    IPersonalDataCipher cipher,
    IMaterialFileResolver files,
    WorkflowStore workflows,
    ApplicationNumbers numbers,
    ApplicationHooks hooks,
    TimeProvider clock,
    IOptions<ApplicationsOptions> options,
    ILicenceExchange licences,
    IOptions<LicencesOptions> licenceOptions,
    IFileStore fileStore)
{
    public const string SubjectType = "application";
    private static readonly JsonSerializerOptions FormJson = new(JsonSerializerDefaults.Web);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => ChinaTime.Today(clock);

    public static bool IsStaff(ClaimsPrincipal user) =>
        user.GetDepartmentId() is not null
        && !user.HasClaim(c => c.Type == SmartGovClaims.TwoFactorSetupRequired)
        && (user.IsInRole(Roles.Officer) || user.IsInRole(Roles.DepartmentLeader) || user.IsInRole(Roles.WindowClerk) || user.IsInRole(Roles.DepartmentSystem));

    public static bool IsCitizen(ClaimsPrincipal user) => user.IsInRole(Roles.Citizen);

    // ---------------------------------------------------------------- intake: online

    /// <summary>
    /// A citizen's or business agent's application: saved as a draft, or submitted at once. With an idempotency key the
    /// same request returns the same application however often it is sent; a different request under a used key is refused.
    /// </summary>
    public async Task<AppResult<ApplicationView>> ApplyAsync(ClaimsPrincipal user, ApplicationInput input, string? idempotencyKey, CancellationToken ct)
    {
        if (user.GetUserId() is not { } userId || !IsCitizen(user))
        {
            return Forbid<ApplicationView>("只有公众和企业账户可以在线申请；窗口人员请使用一窗受理", "Only citizen and business accounts apply online; clerks use window intake.");
        }
        var keyError = CheckIdempotencyKey(idempotencyKey);
        if (keyError is not null)
        {
            return new(null, [keyError]);
        }
        var requestHash = idempotencyKey is null ? null : Hash(input);
        if (idempotencyKey is not null && await ReplayAsync(user, userId, idempotencyKey, requestHash!, ct) is { } replay)
        {
            return replay;
        }

        var errors = new List<FieldError>();
        var item = await FindItemAsync(input.ItemCode, errors, ct);
        if (item is null)
        {
            return new(null, errors);
        }
        if (item.HandlingForm == HandlingForm.Window)
        {
            return new(null, [new FieldError("itemCode", "item.windowOnly", "该事项只能到窗口办理", "This item can only be handled at a service window.")]);
        }
        var person = await people.FindPersonAsync(userId, ct);
        if (person is null)
        {
            return Forbid<ApplicationView>("未找到您的公众账户", "Your citizen account was not found.");
        }
        string? businessName = null;
        var kind = ApplicantKind.Person;
        if (!string.IsNullOrWhiteSpace(input.BusinessCreditCode))
        {
            var code = input.BusinessCreditCode.Trim().ToUpperInvariant();
            var check = CreditCode.Validate(code);
            if (!check.IsValid)
            {
                errors.Add(new FieldError("businessCreditCode", "creditCode.invalid", "统一社会信用代码无效：" + check.MessageZh, "The credit code is not valid: " + check.MessageEn));
            }
            else if ((businessName = await people.BusinessActingForAsync(userId, code, ct)) is null)
            {
                return Forbid<ApplicationView>("您不是该企业的法定代表人或经办人", "You are not the legal representative or an agent of this business.");
            }
            kind = ApplicantKind.Business;
        }
        if (!AcceptsApplicant(item, kind))
        {
            errors.Add(new FieldError("businessCreditCode", "item.applicantType",
                kind == ApplicantKind.Business ? "该事项不受理法人申请" : "该事项不受理自然人申请，请选择以企业身份申请",
                kind == ApplicantKind.Business ? "This item does not take applications from businesses." : "This item does not take applications from natural persons; apply as a business."));
        }
        var form = ValidateForm(item, input.Form, errors, strict: !input.Draft);
        var materials = await BuildMaterialsAsync(userId, item, input.Materials, errors, strict: !input.Draft, allowPaper: false, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var app = NewApplication(item, ApplicationChannel.Online, null, options.Value.CityRegionCode, userId);
        app.ApplicantKind = kind;
        app.ApplicantUserId = userId;
        app.ApplicantName = kind == ApplicantKind.Business ? businessName! : person.DisplayName;
        app.BusinessName = businessName;
        app.BusinessCreditCode = kind == ApplicantKind.Business ? input.BusinessCreditCode!.Trim().ToUpperInvariant() : null;
        app.ApplicantIdIndex = person.IdNumberIndex;
        app.ApplicantIdMasked = kind == ApplicantKind.Business ? app.BusinessCreditCode : person.IdNumberMasked;
        app.TrackingCheck = kind == ApplicantKind.Business ? app.BusinessCreditCode![^4..] : person.IdNumberMasked is { Length: >= 4 } m ? m[^4..] : null;
        app.IdempotencyKey = idempotencyKey;
        app.RequestHash = requestHash;
        app.FormData = JsonSerializer.Serialize(form, FormJson);
        app.Materials.AddRange(materials);
        db.Add(app);
        if (await AttachAsync(userId, materials, app.Id, ct) is { Count: > 0 } attachErrors)
        {
            // A twin request with the same key may have attached the files a moment ago: answer with its application.
            db.ChangeTracker.Clear();
            return idempotencyKey is not null && await ReplayAsync(user, userId, idempotencyKey, requestHash!, ct) is { } twin ? twin : new(null, attachErrors);
        }
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex,
            Details: $"{(input.Draft ? "草稿" : "在线申请")} {item.ImplementationCode} {item.Name}"));
        if (!input.Draft)
        {
            await ShareMaterialsAsync(app, item, form, null, input.ShareConsent, user, ct);
            await SubmitCoreAsync(app, item, user, null, ct);
        }
        try
        {
            await db.SaveChangesGroupedAsync(ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key raced in from a retry: the first one won; answer with it.
            db.ChangeTracker.Clear();
            if (await ReplayAsync(user, userId, idempotencyKey, requestHash!, ct) is { } again)
            {
                return again;
            }
            throw;
        }
        return new(await NewViewAsync(app, user, ct));
    }

    /// <summary>Updates a draft (form and materials) and optionally submits it.</summary>
    public async Task<AppResult<ApplicationView>> UpdateDraftAsync(ClaimsPrincipal user, Guid id, ApplicationInput input, CancellationToken ct)
    {
        var app = await db.Set<Application>().Include(a => a.Materials).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || app.ApplicantUserId != user.GetUserId())
        {
            return new(null, NotFound: true);
        }
        if (app.Status != ApplicationStatus.Draft)
        {
            return Invalid<ApplicationView>(app.Status, ApplicationAction.Submit);
        }
        var item = await catalog.FindVersionAsync(app.ItemVersionId, ct);
        if (item is null)
        {
            return new(null, NotFound: true);
        }
        var errors = new List<FieldError>();
        var form = ValidateForm(item, input.Form, errors, strict: !input.Draft);
        var materials = await BuildMaterialsAsync(app.CreatedBy, item, input.Materials ?? app.Materials.Select(m => new MaterialInput(m.RequirementId, m.FileId)).ToList(),
            errors, strict: !input.Draft, allowPaper: false, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        app.FormData = JsonSerializer.Serialize(form, FormJson);
        // Files the draft no longer uses go back to the user's staged files (and the sweep), not left attached to nothing.
        var kept = materials.Where(m => m.FileId is not null).Select(m => m.FileId!.Value).ToHashSet();
        await files.ReleaseAsync(app.Materials.Where(m => m.FileId is { } f && !kept.Contains(f)).Select(m => m.FileId!.Value).ToList(), app.Id, ct);
        db.RemoveRange(app.Materials);
        app.Materials.Clear();
        // Added explicitly: a new material found only through the navigation would be taken for an existing row.
        foreach (var m in materials)
        {
            m.ApplicationId = app.Id;
        }
        db.AddRange(materials);
        app.Materials.AddRange(materials);
        if (await AttachAsync(app.CreatedBy, materials, app.Id, ct) is { Count: > 0 } attachErrors)
        {
            return new(null, attachErrors);
        }
        app.UpdatedAt = Now;
        app.Revision++;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex,
            Details: input.Draft ? "保存草稿" : "提交草稿"));
        if (!input.Draft)
        {
            await ShareMaterialsAsync(app, item, form, null, input.ShareConsent, user, ct);
            await SubmitCoreAsync(app, item, user, null, ct);
        }
        return await SaveAsync(app.Id, user, ct);
    }

    // ---------------------------------------------------------------- intake: at the window

    /// <summary>
    /// 一窗受理: a clerk enters a walk-in applicant's application at a hall that may handle the item (the item lists the
    /// hall, or it is city-wide), and accepts it at once when the materials are complete.
    /// </summary>
    public async Task<AppResult<ApplicationView>> WindowIntakeAsync(ClaimsPrincipal user, WindowIntakeInput input, string? idempotencyKey, CancellationToken ct)
    {
        if (user.GetUserId() is not { } clerkId || !user.IsInRole(Roles.WindowClerk) || user.GetDepartmentId() is not { } clerkDept)
        {
            return Forbid<ApplicationView>("只有窗口人员可以一窗受理", "Only window clerks enter walk-in applications.");
        }
        var keyError = CheckIdempotencyKey(idempotencyKey);
        if (keyError is not null)
        {
            return new(null, [keyError]);
        }
        var requestHash = idempotencyKey is null ? null : Hash(input);
        if (idempotencyKey is not null && await ReplayAsync(user, clerkId, idempotencyKey, requestHash!, ct) is { } replay)
        {
            return replay;
        }
        var errors = new List<FieldError>();
        var item = await FindItemAsync(input.ItemCode, errors, ct);
        var halls = await organizations.ListServiceHallsAsync(ct);
        var hall = input.HallId is { } hid ? halls.FirstOrDefault(h => h.Id == hid) : null;
        if (hall is null)
        {
            errors.Add(new FieldError("hallId", "hall.unknown", "请选择所在的服务大厅", "Choose the service hall you are working at."));
        }
        else if (item is not null && !item.CityWide && !item.HallIds.Contains(hall.Id))
        {
            errors.Add(new FieldError("hallId", "hall.notListed", $"“{hall.Name}”不能受理该事项（非全城通办事项，且该大厅未列入办理地点）",
                $"{hall.Name} cannot accept this item: it is not city-wide and the hall is not among its places."));
        }
        if (item is not null && item.HandlingForm == HandlingForm.Online)
        {
            errors.Add(new FieldError("itemCode", "item.onlineOnly", "该事项只在网上办理", "This item is handled online only."));
        }
        var name = input.ApplicantName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add(new FieldError("applicantName", "name.required", "请填写申请人姓名（不超过 100 字）", "Enter the applicant's name (at most 100 characters)."));
        }
        string? idNumber = null;
        var idCheck = IdNumber.Validate(input.ApplicantIdNumber ?? "");
        if (!idCheck.IsValid)
        {
            errors.Add(new FieldError("applicantIdNumber", "idNumber.invalid", "身份证号码无效：" + idCheck.MessageZh, "The ID number is not valid: " + idCheck.MessageEn));
        }
        else
        {
            idNumber = IdNumber.Normalize(input.ApplicantIdNumber!);
        }
        string? mobile = null;
        if (!string.IsNullOrWhiteSpace(input.Mobile))
        {
            var mcheck = MobileNumber.Validate(input.Mobile);
            if (!mcheck.IsValid)
            {
                errors.Add(new FieldError("mobile", "mobile.invalid", "手机号码无效：" + mcheck.MessageZh, "The mobile number is not valid: " + mcheck.MessageEn));
            }
            else
            {
                mobile = MobileNumber.Normalize(input.Mobile);
            }
        }
        string? creditCode = null;
        if (!string.IsNullOrWhiteSpace(input.BusinessCreditCode))
        {
            creditCode = input.BusinessCreditCode.Trim().ToUpperInvariant();
            var ccheck = CreditCode.Validate(creditCode);
            if (!ccheck.IsValid)
            {
                errors.Add(new FieldError("businessCreditCode", "creditCode.invalid", "统一社会信用代码无效：" + ccheck.MessageZh, "The credit code is not valid: " + ccheck.MessageEn));
            }
            if (string.IsNullOrWhiteSpace(input.BusinessName))
            {
                errors.Add(new FieldError("businessName", "businessName.required", "以企业名义申请时请填写企业名称", "Enter the business name when applying for a business."));
            }
        }
        if (item is null)
        {
            return new(null, errors);
        }
        var kind = creditCode is null ? ApplicantKind.Person : ApplicantKind.Business;
        if (!AcceptsApplicant(item, kind))
        {
            errors.Add(new FieldError("businessCreditCode", "item.applicantType",
                kind == ApplicantKind.Business ? "该事项不受理法人申请" : "该事项不受理自然人申请",
                kind == ApplicantKind.Business ? "This item does not take applications from businesses." : "This item does not take applications from natural persons."));
        }
        var form = ValidateForm(item, input.Form, errors, strict: true);
        var materials = await BuildMaterialsAsync(clerkId, item, input.Materials, errors, strict: false, allowPaper: true, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var index = cipher.BlindIndex(PersonalDataKind.IdNumber, idNumber!);
        var account = await people.FindPersonByIndexAsync(index, ct);
        var app = NewApplication(item, ApplicationChannel.Window, hall!.Id, hall.RegionCode, clerkId);
        app.ApplicantKind = kind;
        app.ApplicantUserId = account?.Id;
        app.ApplicantName = kind == ApplicantKind.Business ? input.BusinessName!.Trim() : name!;
        app.BusinessName = kind == ApplicantKind.Business ? input.BusinessName!.Trim() : null;
        app.BusinessCreditCode = creditCode;
        app.ApplicantIdCipher = cipher.Protect(idNumber!);
        app.ApplicantIdIndex = index;
        app.ApplicantIdMasked = kind == ApplicantKind.Business ? creditCode : IdNumber.Mask(idNumber!);
        app.TrackingCheck = kind == ApplicantKind.Business ? creditCode![^4..] : idNumber![^4..];
        if (mobile is not null)
        {
            app.MobileCipher = cipher.Protect(mobile);
            app.MobileMasked = MobileNumber.Mask(mobile);
        }
        app.Visits = 1;
        app.IdempotencyKey = idempotencyKey;
        app.RequestHash = requestHash;
        app.FormData = JsonSerializer.Serialize(form, FormJson);
        app.Materials.AddRange(materials);
        db.Add(app);
        if (await AttachAsync(clerkId, materials, app.Id, ct) is { Count: > 0 } attachErrors)
        {
            // A twin request with the same key may have attached the files a moment ago: answer with its application.
            db.ChangeTracker.Clear();
            return idempotencyKey is not null && await ReplayAsync(user, clerkId, idempotencyKey, requestHash!, ct) is { } twin ? twin : new(null, attachErrors);
        }
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: index,
            Purpose: "一窗受理", Details: $"窗口收件 {hall.Name} {item.ImplementationCode} {item.Name}"));
        await ShareMaterialsAsync(app, item, form, idNumber, input.ShareConsent, user, ct);
        await SubmitCoreAsync(app, item, user, clerkDept, ct);

        var missing = MissingRequired(item, app.Materials);
        if (input.AcceptNow && missing.Count == 0)
        {
            var task = db.ChangeTracker.Entries<WorkTask>().Select(e => e.Entity).First(t => t.ApplicationId == app.Id && t.Status == WorkTaskStatus.Open);
            task.AssigneeId = clerkId;
            task.AssigneeName = user.Identity?.Name;
            await AcceptCoreAsync(app, item, task, user, "窗口当场受理", ct);
        }
        try
        {
            await db.SaveChangesGroupedAsync(ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            db.ChangeTracker.Clear();
            if (await ReplayAsync(user, clerkId, idempotencyKey, requestHash!, ct) is { } again)
            {
                return again;
            }
            throw;
        }
        return new(await NewViewAsync(app, user, ct));
    }

    // ---------------------------------------------------------------- helpers of intake

    private Application NewApplication(ServiceItemView item, ApplicationChannel channel, Guid? hallId, string regionCode, Guid createdBy)
    {
        var now = Now;
        return new Application
        {
            Id = Guid.CreateVersion7(),
            ItemId = item.ItemId,
            ItemVersionId = item.VersionId,
            ImplementationCode = item.ImplementationCode,
            ItemName = item.Name,
            DepartmentId = item.DepartmentId,
            Channel = channel,
            HallId = hallId,
            RegionCode = regionCode,
            ApplicantName = "",
            CreatedBy = createdBy,
            Status = ApplicationStatus.Draft,
            LimitDays = item.PromisedDays > 0 ? item.PromisedDays : item.StatutoryDays,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Draft → submitted: number, workflow pinned, intake task opened for the intake step's department and role.</summary>
    private async Task SubmitCoreAsync(Application app, ServiceItemView item, ClaimsPrincipal user, Guid? intakeDepartment, CancellationToken ct)
    {
        var (workflowId, definition) = await workflows.CurrentAsync(item.ImplementationCode, ct);
        app.WorkflowId = workflowId;
        // One reading of the clock for the number's date, the submission time, the intake deadline and the history
        // line: read twice, a submission at midnight could be numbered on one day and counted on the next.
        var now = Now;
        var today = ChinaTime.ToDate(new DateTimeOffset(now, TimeSpan.Zero));
        app.Number = await numbers.NextAsync(app.RegionCode, today, ct);
        app.SubmittedAt = now;
        var from = app.Status;
        app.Status = ApplicationStatus.Submitted;
        app.Stage = definition.IntakeStage;
        var intakeDue = (await calendar.GetAsync(ct)).AddWorkingDays(today, options.Value.IntakeDays);
        foreach (var step in definition.StepsOf(app.Stage))
        {
            var task = OpenTask(app, step, intakeDue);
            if (intakeDepartment is { } d)
            {
                // At the window the clerk's own department takes intake, whichever department decides.
                task.DepartmentId = d;
                task.Role = Roles.WindowClerk;
            }
        }
        History(app, ApplicationAction.Submit, from, null, user, app.Channel == ApplicationChannel.Window ? "窗口收件" : "网上提交", at: now);
        hooks.Submitted(app);
    }

    /// <summary>Intake is decided within five working days (行政许可法 第三十二条); the queue orders intake tasks by it.</summary>
    private async Task<DateOnly> IntakeDueAsync(CancellationToken ct) =>
        (await calendar.GetAsync(ct)).AddWorkingDays(Today, options.Value.IntakeDays);

    /// <summary>A new open task; it is due when the application is (or on <paramref name="due"/>: intake and special procedures).</summary>
    private WorkTask OpenTask(Application app, WorkflowStep step, DateOnly? due = null)
    {
        var task = new WorkTask
        {
            Id = Guid.CreateVersion7(),
            ApplicationId = app.Id,
            StepKey = step.Key,
            StepName = step.NameZh,
            Kind = step.Kind,
            Stage = step.Stage,
            DepartmentId = step.DepartmentId ?? app.DepartmentId,
            Role = step.Role,
            Status = WorkTaskStatus.Open,
            ApplicationNumber = app.Number ?? "",
            ImplementationCode = app.ImplementationCode,
            ItemName = app.ItemName,
            ApplicantName = Masking.Name(app.ApplicantName),
            DueOn = due ?? app.DueOn,
            OpenedAt = Now,
        };
        db.Add(task);
        return task;
    }

    private Task<IReadOnlyList<FieldError>> AttachAsync(Guid ownerId, IEnumerable<ApplicationMaterial> materials, Guid applicationId, CancellationToken ct) =>
        files.AttachAsync(ownerId, materials.Where(m => m.FileId is not null).Select(m => m.FileId!.Value).Distinct().ToList(), applicationId, ct);

    private static bool AcceptsApplicant(ServiceItemView item, ApplicantKind kind) =>
        item.ApplicantTypes == ApplicantTypes.None
        || (kind == ApplicantKind.Person ? item.ApplicantTypes.HasFlag(ApplicantTypes.NaturalPerson)
            : item.ApplicantTypes.HasFlag(ApplicantTypes.LegalPerson) || item.ApplicantTypes.HasFlag(ApplicantTypes.OtherOrganization));

    private async Task<ServiceItemView?> FindItemAsync(string? code, List<FieldError> errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
        {
            errors.Add(new FieldError("itemCode", "item.required", "请选择要办理的事项", "Choose the service item to apply for."));
            return null;
        }
        var item = await catalog.FindCurrentAsync(code.Trim(), ct);
        if (item is null || item.IsWithdrawnOn(Today))
        {
            errors.Add(new FieldError("itemCode", "item.unknown", $"事项“{code}”不存在或已取消", $"The item \"{code}\" does not exist or has been withdrawn."));
            return null;
        }
        return item;
    }

    /// <summary>The item's form fields, checked by type; unknown fields are refused so nothing is silently dropped.</summary>
    private static Dictionary<string, string?> ValidateForm(ServiceItemView item, Dictionary<string, string?>? input, List<FieldError> errors, bool strict)
    {
        input ??= [];
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in input.Keys.Where(k => item.FormFields.All(f => f.Name != k)))
        {
            errors.Add(new FieldError("form." + key, "form.unknownField", $"表单没有“{key}”这一项", $"The form has no field \"{key}\"."));
        }
        foreach (var field in item.FormFields)
        {
            var value = input.GetValueOrDefault(field.Name)?.Trim();
            var name = "form." + field.Name;
            if (string.IsNullOrEmpty(value))
            {
                if (field.Required && strict)
                {
                    errors.Add(new FieldError(name, "form.required", $"请填写“{field.LabelZh}”", $"{field.LabelEn} is required."));
                }
                continue;
            }
            if (value.Length > 2000)
            {
                errors.Add(new FieldError(name, "form.tooLong", $"“{field.LabelZh}”不超过 2000 字", $"{field.LabelEn} must be at most 2000 characters."));
                continue;
            }
            switch (field.Type)
            {
                case FormFieldType.Number when !decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _):
                    errors.Add(new FieldError(name, "form.number", $"“{field.LabelZh}”应为数字", $"{field.LabelEn} must be a number."));
                    break;
                case FormFieldType.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", out _):
                    errors.Add(new FieldError(name, "form.date", $"“{field.LabelZh}”应为日期（如 2026-01-31）", $"{field.LabelEn} must be a date like 2026-01-31."));
                    break;
                case FormFieldType.IdNumber:
                    var id = IdNumber.Validate(value);
                    if (!id.IsValid)
                    {
                        errors.Add(new FieldError(name, "form.idNumber", $"“{field.LabelZh}”无效：{id.MessageZh}", $"{field.LabelEn} is not valid: {id.MessageEn}"));
                    }
                    break;
                case FormFieldType.Mobile:
                    var mobile = MobileNumber.Validate(value);
                    if (!mobile.IsValid)
                    {
                        errors.Add(new FieldError(name, "form.mobile", $"“{field.LabelZh}”无效：{mobile.MessageZh}", $"{field.LabelEn} is not valid: {mobile.MessageEn}"));
                    }
                    break;
                case FormFieldType.CreditCode:
                    var code = CreditCode.Validate(value);
                    if (!code.IsValid)
                    {
                        errors.Add(new FieldError(name, "form.creditCode", $"“{field.LabelZh}”无效：{code.MessageZh}", $"{field.LabelEn} is not valid: {code.MessageEn}"));
                    }
                    break;
                case FormFieldType.Boolean when value is not ("true" or "false"):
                    errors.Add(new FieldError(name, "form.boolean", $"“{field.LabelZh}”应为是或否", $"{field.LabelEn} must be true or false."));
                    break;
            }
            result[field.Name] = value;
        }
        return result;
    }

    private async Task<List<ApplicationMaterial>> BuildMaterialsAsync(Guid ownerId, ServiceItemView item, IReadOnlyList<MaterialInput>? input,
        List<FieldError> errors, bool strict, bool allowPaper, CancellationToken ct)
    {
        input ??= [];
        var ids = input.Where(m => m.FileId is not null).Select(m => m.FileId!.Value).Distinct().ToList();
        var found = ids.Count == 0 ? new Dictionary<Guid, MaterialFileFacts>() : await files.ResolveAsync(ownerId, ids, ct);
        var result = new List<ApplicationMaterial>();
        for (var i = 0; i < input.Count; i++)
        {
            var m = input[i];
            var field = $"materials[{i}]";
            // A material may name its requirement by id or, as clerks and department systems often do, by its exact name.
            var requirement = m.RequirementId is { } rid ? item.Materials.FirstOrDefault(r => r.Id == rid)
                : string.IsNullOrWhiteSpace(m.Name) ? null : item.Materials.FirstOrDefault(r => r.Name == m.Name.Trim());
            if (m.RequirementId is not null && requirement is null)
            {
                errors.Add(new FieldError(field + ".requirementId", "material.unknown", "该材料不属于此事项（版本）", "This material does not belong to the item's version."));
                continue;
            }
            MaterialFileFacts? file = null;
            if (m.FileId is { } fid && !found.TryGetValue(fid, out file))
            {
                errors.Add(new FieldError(field + ".fileId", "material.fileUnknown", "文件不存在，或不是您上传的", "The file does not exist or was not uploaded by you."));
                continue;
            }
            if (file is null && !(m.Paper && allowPaper))
            {
                errors.Add(new FieldError(field + ".fileId", "material.fileRequired", "请上传该材料的文件", "Upload a file for this material."));
                continue;
            }
            result.Add(new ApplicationMaterial
            {
                Id = Guid.CreateVersion7(),
                RequirementId = requirement?.Id,
                Name = requirement?.Name ?? (string.IsNullOrWhiteSpace(m.Name) ? file?.FileName ?? "材料" : m.Name.Trim()[..Math.Min(m.Name.Trim().Length, 200)]),
                FileId = file?.Id,
                FileName = file?.FileName,
                Sm3 = file?.Sm3,
                Size = file?.Size,
                Source = file is null ? "paper" : "applicant",
                AddedAt = Now,
            });
        }
        if (strict)
        {
            foreach (var r in MissingRequired(item, result))
            {
                errors.Add(new FieldError("materials", "material.missing", $"缺少必交材料“{r.Name}”", $"The required material \"{r.Name}\" is missing."));
            }
        }
        return result;
    }

    /// <summary>Required materials the applicant must provide that are not there. Shared and department-made ones are not asked of them.</summary>
    private static List<MaterialView> MissingRequired(ServiceItemView item, IEnumerable<ApplicationMaterial> present)
    {
        var have = present.Where(p => !p.Missing && p.RequirementId is not null).Select(p => p.RequirementId!.Value).ToHashSet();
        return item.Materials.Where(r => r.Necessity == MaterialNecessity.Required && r.Source == MaterialSource.Applicant && !have.Contains(r.Id)).ToList();
    }

    private static FieldError? CheckIdempotencyKey(string? key) =>
        key is not null && (key.Length is < 8 or > 100 || key.Any(c => c < 0x21 || c > 0x7e))
            ? new FieldError("Idempotency-Key", "idempotency.key", "Idempotency-Key 应为 8 到 100 个可见 ASCII 字符", "The Idempotency-Key must be 8 to 100 visible ASCII characters.")
            : null;

    private static string Hash<T>(T input) => Convert.ToHexStringLower(Sm3.Hash(JsonSerializer.SerializeToUtf8Bytes(input, FormJson)));

    private async Task<AppResult<ApplicationView>?> ReplayAsync(ClaimsPrincipal user, Guid createdBy, string key, string requestHash, CancellationToken ct)
    {
        var existing = await db.Set<Application>().AsNoTracking().Where(a => a.CreatedBy == createdBy && a.IdempotencyKey == key)
            .Select(a => new { a.Id, a.RequestHash }).FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            return null;
        }
        if (existing.RequestHash != requestHash)
        {
            return new(null, Conflict: ("该 Idempotency-Key 已用于另一份不同的申请", "This Idempotency-Key was already used for a different request."));
        }
        return new((await ViewAsync(existing.Id, user, ct))! with { Replayed = true });
    }

    // ---------------------------------------------------------------- common

    private void History(Application app, ApplicationAction action, ApplicationStatus from, string? stepName, ClaimsPrincipal user, string? comment,
        Guid? departmentId = null, DateTime? at = null)
    {
        db.Add(new ApplicationEvent
        {
            ApplicationId = app.Id,
            At = at ?? Now,
            Action = action,
            StepName = stepName,
            DepartmentId = departmentId ?? user.GetDepartmentId(),
            ActorId = user.GetUserId(),
            ActorName = user.Identity?.Name,
            FromStatus = from,
            ToStatus = app.Status,
            Comment = comment is null ? null : Trim(comment, 2000),
        });
    }

    private async Task<AppResult<ApplicationView>> SaveAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        return new(await ViewAsync(id, user, ct));
    }

    private static AppResult<ApplicationView> Stale() =>
        new(null, Conflict: ("办件已被他人处理，请刷新后重试", "Someone else changed this application; reload and try again."));

    private static AppResult<T> Forbid<T>(string zh, string en) => new(default, Forbidden: (zh, en));

    private static AppResult<T> Invalid<T>(ApplicationStatus status, ApplicationAction action)
    {
        var (sZh, sEn) = ApplicationStateMachine.Names(status);
        var (aZh, aEn) = ApplicationStateMachine.Names(action);
        return new(default, [new FieldError("action", "transition.invalid", $"办件当前为“{sZh}”，不能{aZh}", $"The application is {sEn.ToLowerInvariant()}; it cannot {aEn} now.")]);
    }

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..max];
}
