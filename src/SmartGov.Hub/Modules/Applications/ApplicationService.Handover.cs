using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Handover;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>A signed handover package ready to download, and its record.</summary>
public sealed record HandoverExport(HandoverPackage Package, byte[] FileBytes, string FileName, string Sm3);

/// <summary>
/// 异地代收代办: an application accepted here and decided by another region's SmartGov leaves as a signed package; one
/// that another region accepted arrives as a package and becomes a local application (Submitted, with its origin).
/// </summary>
public sealed partial class ApplicationService
{
    private static readonly ApplicationStatus[] HandoverStatuses =
        [ApplicationStatus.Submitted, ApplicationStatus.SupplementRequested, ApplicationStatus.InReview];

    /// <summary>
    /// Exports the application for <paramref name="targetRegionCode"/>: staff (officer, leader) of its department, or the
    /// window clerk who took it. The package holds the applicant's personal data, so the export is audited with its purpose.
    /// </summary>
    internal async Task<AppResult<HandoverExport>> ExportHandoverAsync(ClaimsPrincipal user, Guid id, string? targetRegionCode, ISigningKey key,
        MaterialFiles files, CancellationToken ct)
    {
        var built = await BuildHandoverAsync(user, id, targetRegionCode, key, files, ct);
        if (!built.Succeeded)
        {
            return new(null, built.Errors, built.Conflict, built.Forbidden, built.NotFound);
        }
        var (appId, number, package, bytes, sm3) = built.Value!;
        var app = await db.Set<Application>().SingleAsync(a => a.Id == appId, ct);
        var target = package.TargetRegionCode;
        db.Add(new ApplicationHandover
        {
            Id = Guid.CreateVersion7(), Direction = HandoverDirection.Out, PackageId = package.PackageId, ApplicationId = app.Id, Number = number,
            RegionCode = target, PackageSm3 = sm3, DedupKey = "out:" + package.PackageId.ToString("N"), At = Now, By = user.GetUserId()!.Value, ByName = user.Identity?.Name,
        });
        // No dedicated action exists in the state machine for a handover; the history line says what happened.
        History(app, ApplicationAction.Handover, app.Status, null, user, $"移交异地办理（目标区划 {target}，移交包 SM3 {sm3[..16]}…）");
        audit.Record(new AuditEvent(AuditActions.Export, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex,
            Purpose: $"异地代收代办移交 {number} → {target}", Details: $"package={package.PackageId}; sm3={sm3}"));
        await db.SaveChangesAsync(ct);
        return new(new HandoverExport(package, bytes, HandoverFile.FileNameFor(package), sm3));
    }

    /// <summary>
    /// Creates the local application of a verified package under the local item with the same implementation code:
    /// Submitted, waiting for intake by that item's department, with the origin's number and region. The handover row
    /// (unique per origin number) commits with it, so a second import of the same application is refused.
    /// </summary>
    internal async Task<AppResult<ApplicationView>> ImportHandoverAsync(ClaimsPrincipal user, HandoverPackage p, ApplicationHandover row,
        IReadOnlyDictionary<int, Guid> stagedFiles, CancellationToken ct)
    {
        if (user.GetUserId() is not { } uid)
        {
            return Forbid<ApplicationView>("请先登录", "Sign in first.");
        }
        var errors = new List<FieldError>();
        var item = await catalog.FindCurrentAsync(p.ImplementationCode, ct);
        if (item is null)
        {
            return new(null, [new FieldError("package.implementationCode", "handover.itemUnknown",
                $"本地没有实施编码为 {p.ImplementationCode} 的事项（{p.ItemName}），无法接收该移交包",
                $"There is no local item with implementation code {p.ImplementationCode} ({p.ItemName}); the package cannot be taken in.")]);
        }
        if (await db.Set<Application>().AnyAsync(a => a.OriginNumber == p.Number && a.OriginRegionCode == p.OriginRegionCode, ct)
            || await db.Set<ApplicationHandover>().AnyAsync(h => h.DedupKey == row.DedupKey, ct))
        {
            return new(null, Conflict: ($"来自 {p.OriginRegionCode} 的办件 {p.Number} 已接收过，不能重复导入", $"Application {p.Number} from {p.OriginRegionCode} was already imported."));
        }
        var kind = Enum.TryParse<ApplicantKind>(p.ApplicantKind, out var k) ? k : ApplicantKind.Person;
        string? idNumber = null;
        if (p.ApplicantIdNumber is { } rawId)
        {
            var idCheck = IdNumber.Validate(rawId);
            if (!idCheck.IsValid)
            {
                errors.Add(new FieldError("package.applicantIdNumber", "idNumber.invalid", "移交包中的身份证号码无效：" + idCheck.MessageZh, "The package's ID number is not valid: " + idCheck.MessageEn));
            }
            else
            {
                idNumber = IdNumber.Normalize(rawId);
            }
        }
        var form = ValidateForm(item, new Dictionary<string, string?>(p.Form), errors, strict: false);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var channel = Enum.TryParse<ApplicationChannel>(p.Channel, out var c) ? c : ApplicationChannel.Window;
        var app = NewApplication(item, channel, null, options.Value.CityRegionCode, uid);
        app.ApplicantKind = kind;
        app.ApplicantName = Trim(p.ApplicantName, 200);
        app.BusinessName = p.BusinessName is null ? null : Trim(p.BusinessName, 200);
        app.BusinessCreditCode = p.BusinessCreditCode is { Length: <= 18 } cc ? cc : null;
        if (idNumber is not null)
        {
            var index = cipher.BlindIndex(PersonalDataKind.IdNumber, idNumber);
            app.ApplicantIdCipher = cipher.Protect(idNumber);
            app.ApplicantIdIndex = index;
            app.ApplicantIdMasked = kind == ApplicantKind.Business && app.BusinessCreditCode is not null ? app.BusinessCreditCode : IdNumber.Mask(idNumber);
            app.ApplicantUserId = (await people.FindPersonByIndexAsync(index, ct))?.Id;
        }
        app.TrackingCheck = kind == ApplicantKind.Business && app.BusinessCreditCode is { } credit ? credit[^4..] : idNumber?[^4..];
        if (p.Mobile is { } mobile && MobileNumber.Validate(mobile).IsValid)
        {
            var normalized = MobileNumber.Normalize(mobile);
            app.MobileCipher = cipher.Protect(normalized);
            app.MobileMasked = MobileNumber.Mask(normalized);
        }
        app.FormData = System.Text.Json.JsonSerializer.Serialize(form, FormJson);
        app.OriginNumber = p.Number;
        app.OriginRegionCode = p.OriginRegionCode;
        for (var i = 0; i < p.Materials.Count; i++)
        {
            var m = p.Materials[i];
            app.Materials.Add(new ApplicationMaterial
            {
                Id = Guid.CreateVersion7(),
                ApplicationId = app.Id,
                Name = Trim(m.Name, 200),
                Source = Trim(m.Source, 20),
                FileId = stagedFiles.TryGetValue(i, out var fid) ? fid : null,
                FileName = m.FileName is null ? null : Trim(m.FileName, 200),
                Sm3 = m.Sm3 is { Length: 64 } ? m.Sm3 : null,
                Size = m.Size,
                Missing = m.Missing,
                Note = Trim("异地移交" + (m.ContentBase64 is null && m.FileName is not null ? "（仅元数据，原件在收件地）" : "") + (m.Note is null ? "" : "；" + m.Note), 500),
                AddedAt = Now,
            });
        }
        db.Add(app);

        // Submitted, as SubmitCoreAsync does, with a history line that says where it came from.
        var (workflowId, definition) = await workflows.CurrentAsync(item.ImplementationCode, ct);
        app.WorkflowId = workflowId;
        app.Number = await numbers.NextAsync(app.RegionCode, Today, ct);
        app.SubmittedAt = Now;
        app.Status = ApplicationStatus.Submitted;
        app.Stage = definition.IntakeStage;
        var intakeDue = await IntakeDueAsync(ct);
        foreach (var step in definition.StepsOf(app.Stage))
        {
            OpenTask(app, step, intakeDue);
        }
        History(app, ApplicationAction.Submit, ApplicationStatus.Draft, null, user, $"异地移交收件：来自区划 {p.OriginRegionCode} 的办件 {p.Number}", app.DepartmentId);
        hooks.Submitted(app);
        if (stagedFiles.Count > 0)
        {
            var attachErrors = await files.AttachAsync(uid, stagedFiles.Values.ToList(), app.Id, ct);
            if (attachErrors.Count > 0)
            {
                return new(null, attachErrors);
            }
        }
        row.ApplicationId = app.Id;
        db.Add(row);
        audit.Record(new AuditEvent(AuditActions.Import, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex,
            Purpose: $"异地代收代办接收 {p.OriginRegionCode}/{p.Number}", Details: $"package={p.PackageId}; sm3={row.PackageSm3}; key={row.KeyFingerprint}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new(null, Conflict: ($"来自 {p.OriginRegionCode} 的办件 {p.Number} 已接收过，不能重复导入", $"Application {p.Number} from {p.OriginRegionCode} was already imported."));
        }
        return new(await ViewAsync(app.Id, user, ct));
    }
}
