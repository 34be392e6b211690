using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Applications.Storage;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// 信息跑路，群众少跑腿: with the applicant's consent, the licences an item's shared materials name (source 共享获取) are
/// fetched from their issuing departments through the exchange and attached as trust level A, with the licence JSON
/// stored as a file with its SM3. A failed fetch leaves the material pending with the reason; the applicant may upload it.
/// </summary>
public sealed partial class ApplicationService
{
    public const string SharedSource = "shared";

    /// <summary>
    /// Fetches (again) the shared materials of an application that are not there yet: for its applicant, or for the staff
    /// of its department or its intake department while it is open. <paramref name="consent"/> must be true.
    /// </summary>
    public async Task<AppResult<ApplicationView>> FetchSharedMaterialsAsync(ClaimsPrincipal user, Guid id, bool consent, CancellationToken ct)
    {
        var app = await db.Set<Application>().Include(a => a.Materials).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !await MaySeeAsync(user, app, ct))
        {
            return new(null, NotFound: true);
        }
        if (!IsApplicant(user, app) && !(IsStaff(user) && (user.IsInRole(Roles.WindowClerk) || user.IsInRole(Roles.Officer))))
        {
            return Forbid<ApplicationView>("只有申请人或经办人员可以共享获取材料", "Only the applicant or the handling staff may fetch shared materials.");
        }
        if (app.Status is not (ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.SupplementRequested or ApplicationStatus.InReview))
        {
            return Invalid<ApplicationView>(app.Status, ApplicationAction.Supplement);
        }
        if (!consent)
        {
            return new(null, [ConsentRequired()]);
        }
        var item = await catalog.FindVersionAsync(app.ItemVersionId, ct);
        if (item is null)
        {
            return new(null, NotFound: true);
        }
        var form = JsonSerializer.Deserialize<Dictionary<string, string?>>(app.FormData, FormJson) ?? [];
        var idNumber = app.ApplicantIdCipher is { } c ? cipher.Unprotect(c) : null;
        var fetched = await ShareMaterialsAsync(app, item, form, idNumber, consent, user, ct);
        if (fetched == 0)
        {
            return new(null, [new FieldError("materials", "share.nothing", "没有需要共享获取的材料", "No material is left to fetch by data sharing.")]);
        }
        app.UpdatedAt = Now;
        app.Revision++;
        return await SaveAsync(app.Id, user, ct);
    }

    private static FieldError ConsentRequired() => new("shareConsent", "share.consentRequired",
        "共享获取证照须经申请人同意：请勾选“同意通过数据共享获取我的证照”", "Fetching licences by data sharing needs the applicant's consent: tick the consent box.");

    /// <summary>
    /// With consent, fetches each shared material the application does not carry yet and adds it (or a pending one) to
    /// <paramref name="app"/>, in the caller's unit of work. Returns how many were tried. <paramref name="idNumber"/> is the
    /// applicant's ID number when known (at the window); online it is the form's, accepted only when its blind index is
    /// the account's.
    /// </summary>
    private async Task<int> ShareMaterialsAsync(Application app, ServiceItemView item, IReadOnlyDictionary<string, string?> form, string? idNumber,
        bool consent, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!consent)
        {
            return 0;
        }
        var provided = app.Materials.Where(m => !m.Missing && m.RequirementId is not null).Select(m => m.RequirementId!.Value).ToHashSet();
        var wanted = item.Materials.Where(r => r.Source == MaterialSource.Sharing && r.LicenseTypeCode is not null && !provided.Contains(r.Id)
            && r.Necessity != MaterialNecessity.Optional).ToList();
        if (wanted.Count == 0)
        {
            return 0;
        }
        var purpose = licenceOptions.Value.Purpose;
        app.ShareConsentAt = Now;
        app.ShareConsentBy = user.GetUserId();
        audit.Record(new AuditEvent(AuditActions.Consent, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex, Purpose: purpose,
            Details: (app.Channel == ApplicationChannel.Window ? "窗口人员确认申请人同意共享获取：" : "申请人同意共享获取：") + string.Join("、", wanted.Select(w => w.Name))));

        idNumber ??= form.GetValueOrDefault("idNumber") is { } formId && IdNumber.Validate(formId).IsValid
            && cipher.BlindIndex(PersonalDataKind.IdNumber, IdNumber.Normalize(formId)) == app.ApplicantIdIndex ? IdNumber.Normalize(formId) : null;
        var creditCode = app.BusinessCreditCode;
        foreach (var requirement in wanted)
        {
            // A pending one from an earlier try is replaced by this try's outcome.
            foreach (var old in app.Materials.Where(m => m.RequirementId == requirement.Id && m.Missing && m.Source == SharedSource).ToList())
            {
                app.Materials.Remove(old);
                db.Remove(old);
            }
            var type = LicenceTypes.Find(requirement.LicenseTypeCode);
            var holder = type?.Holder == LicenceHolderKind.Business ? creditCode : idNumber;
            LicenceFetchResult? result = null;
            string? reasonZh = null;
            if (type is null)
            {
                reasonZh = "平台暂不支持共享获取该证照，请上传材料";
            }
            else if (holder is null)
            {
                reasonZh = type.Holder == LicenceHolderKind.Business ? "以企业名义申请时才能共享获取营业执照，请上传材料"
                    : "无法确认持证人身份（请在表单中填写本人公民身份号码），请上传材料";
            }
            else
            {
                result = await licences.FetchAsync(type.Code, holder, user.GetUserId()?.ToString(), ct);
                reasonZh = result.Succeeded ? null : result.MessageZh;
            }
            var personIndex = type?.Holder == LicenceHolderKind.Business ? null : app.ApplicantIdIndex;
            audit.Record(new AuditEvent(AuditActions.ExchangeRequest, result?.Succeeded == true ? AuditOutcomes.Success : AuditOutcomes.Failure,
                SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: personIndex, Purpose: purpose,
                Details: Trim($"共享获取{type?.NameZh ?? requirement.Name}（{result?.IssuerName ?? "—"}）{(result?.Succeeded == true ? "成功" : "未成功：" + (result?.Error ?? reasonZh))}"
                    + (result?.MessageId is { } mid ? $" message {mid}" : ""), 2000)));

            // A conditional material (情形必要, e.g. 以购房落户的) is attached when it could be fetched; otherwise the
            // condition may not apply, and the applicant provides it if it does.
            if (requirement.Necessity == MaterialNecessity.Conditional && result?.Succeeded != true)
            {
                continue;
            }
            var material = new ApplicationMaterial
            {
                Id = Guid.CreateVersion7(),
                ApplicationId = app.Id,
                RequirementId = requirement.Id,
                Name = requirement.Name,
                Source = SharedSource,
                AddedAt = Now,
                LicenceTypeCode = type?.Code ?? requirement.LicenseTypeCode,
                IssuerDepartmentId = result?.IssuerDepartmentId,
                IssuerName = result?.IssuerName,
                ExchangeMessageId = result?.MessageId,
            };
            if (result is { Succeeded: true, Licence: { } licence, Body: { } body })
            {
                var file = await StoreLicenceAsync(app, type!, licence, body, user, ct);
                material.FileId = file.Id;
                material.FileName = file.FileName;
                material.Sm3 = file.Sm3;
                material.Size = file.Size;
                material.TrustLevel = "A";
                material.LicenceNumber = licence.LicenceNumber;
                material.FetchedAt = Now;
                material.Verified = true;
                material.Verification = result.Verification!.SummaryZh;
            }
            else
            {
                material.Missing = true;
                material.Verified = result?.Verification is null ? null : false;
                material.Verification = result?.Verification?.SummaryZh;
                material.LicenceNumber = result?.Licence?.LicenceNumber;
                material.Note = Trim("待共享获取：" + (reasonZh ?? "数据交换失败"), 500);
            }
            db.Add(material);
            // Adding it to the tracked application's collection happens by fix-up; never twice.
            if (!app.Materials.Contains(material))
            {
                app.Materials.Add(material);
            }
        }
        return wanted.Count;
    }

    /// <summary>The licence JSON as the department sent it, stored as a file of the application (trust level A evidence).</summary>
    private async Task<StoredFile> StoreLicenceAsync(Application app, LicenceType type, LicenceDocument licence, byte[] body, ClaimsPrincipal user, CancellationToken ct)
    {
        var blob = await fileStore.PutAsync(new MemoryStream(body, writable: false), ct);
        var safeNumber = new string(licence.LicenceNumber.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_').ToArray());
        var row = new StoredFile
        {
            Id = Guid.CreateVersion7(),
            StoreKey = blob.Key,
            FileName = $"{type.NameZh}-{(safeNumber.Length > 0 ? safeNumber[..Math.Min(40, safeNumber.Length)] : "licence")}.json",
            ContentType = "application/json",
            Size = blob.Size,
            Sm3 = blob.Sm3,
            UploadedById = user.GetUserId() ?? Guid.Empty,
            UploadedAt = Now,
            State = StoredFileState.Attached,
            SubjectType = SubjectType,
            SubjectId = app.Id.ToString(),
            AttachedAt = Now,
        };
        db.Add(row);
        return row;
    }

    private static ApplicationMaterialView MaterialView(ApplicationMaterial m) =>
        new(m.Id, m.RequirementId, m.Name, m.Source, m.FileId, m.FileName, m.Sm3, m.Size, m.Missing, m.Note,
            m.Source == SharedSource
                ? new SharedMaterialView(m.TrustLevel, m.LicenceTypeCode, m.LicenceNumber, m.IssuerDepartmentId, m.IssuerName, m.FetchedAt, m.Verified,
                    m.Verification, m.ExchangeMessageId, m.Missing)
                : null);
}
