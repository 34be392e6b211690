using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// What else happens when an application moves: notifications to the applicant (in-app inbox plus the configured
/// channels), the signed result on completion. Everything here joins the caller's unit of work, so it commits with
/// the transition or not at all, and sending happens later in the dispatcher, never in the request.
/// </summary>
public sealed class ApplicationHooks(INotifier notifier, SmartGovDbContext db, ResultSigner signer, IOrganizationDirectory organizations, TimeProvider clock,
    IPersonalDataCipher cipher)
{
    /// <summary>Where the applicant reads their application (the portal page).</summary>
    public static string Link(Application app) => $"/applications/{app.Number}";

    internal void Submitted(Application app)
    {
    }

    internal void Accepted(Application app) => Notify(app, NotificationKind.Accepted,
        $"您的申请已受理：{app.ItemName}", $"Your application was accepted: {app.ItemName}",
        $"办件编号 {app.Number}，承诺办结日期 {app.DueOn:yyyy-MM-dd}。", $"Application {app.Number}; due by {app.DueOn:yyyy-MM-dd}.");

    internal void SupplementRequested(Application app) => Notify(app, NotificationKind.SupplementRequested,
        $"请补正材料：{app.ItemName}", $"Please supply missing materials: {app.ItemName}",
        $"办件 {app.Number} 需要补正（一次性告知）：{app.SupplementNote}", $"Application {app.Number} needs these materials (all listed at once): {app.SupplementNote}");

    internal void IntakeRefused(Application app) => Notify(app, NotificationKind.Decided,
        $"不予受理：{app.ItemName}", $"Intake refused: {app.ItemName}",
        $"办件 {app.Number} 不予受理，理由：{app.RefusalReason}", $"Application {app.Number} was not accepted. Reason: {app.RefusalReason}");

    internal void Decided(Application app) => Notify(app, NotificationKind.Decided,
        app.Decision == Decision.Approved ? $"准予办理：{app.ItemName}" : $"不予办理：{app.ItemName}",
        app.Decision == Decision.Approved ? $"Approved: {app.ItemName}" : $"Denied: {app.ItemName}",
        $"办件 {app.Number} 已作出决定" + (string.IsNullOrWhiteSpace(app.DecisionReason) ? "。" : $"：{app.DecisionReason}"),
        $"A decision was made on application {app.Number}" + (string.IsNullOrWhiteSpace(app.DecisionReason) ? "." : $": {app.DecisionReason}"));

    /// <summary>
    /// 办结: the result document is signed with the platform's key (SM2 in the gm profile) and kept with the application;
    /// an approval whose workflow names a licence type records that licence for the licences module.
    /// </summary>
    internal async Task CompletedAsync(Application app, ServiceItemView item, WorkflowDefinitionDocument definition, CancellationToken ct)
    {
        var issuedAt = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var approved = app.Decision != Decision.Denied;
        var licenceType = approved ? definition.ResultLicenceTypeCode : null;
        var licenceNumber = licenceType is null ? null : $"{licenceType.ToUpperInvariant()}-{app.Number}";
        DateOnly? validTo = licenceType is not null && definition.ResultValidYears is { } years ? today.AddYears(years).AddDays(-1) : null;
        var department = await organizations.FindDepartmentAsync(app.DepartmentId, ct);
        var document = new ResultDocument(Guid.CreateVersion7(), app.Number!, app.ImplementationCode, app.ItemName,
            ResultDocument.MaskApplicant(app.ApplicantName, app.ApplicantKind == ApplicantKind.Business), app.DepartmentId, department?.Name ?? "",
            approved ? ResultDecision.Approved : ResultDecision.Denied, app.DecisionReason, licenceType, licenceNumber,
            licenceType is null ? null : today, validTo, issuedAt);
        var signed = await signer.SignAsync(document, ct);
        db.Add(new ApplicationResult
        {
            Id = document.DocumentId, ApplicationId = app.Id, FileName = signed.FileName, Content = signed.FileBytes, Decision = app.Decision ?? Decision.Approved,
            LicenceTypeCode = licenceType, LicenceNumber = licenceNumber, HolderIndex = app.ApplicantKind == ApplicantKind.Business ? app.BusinessCreditCode : app.ApplicantIdIndex,
            ValidFrom = document.ValidFrom, ValidTo = validTo, IssuedAt = issuedAt,
            // The licence goes into the issuing department's library through the exchange (LicenceIssueSweep).
            LicencePayload = licenceType is null ? null : LibraryPayload(app, licenceType, licenceNumber!, today, validTo),
            LibraryNextAttemptAt = licenceType is null ? null : issuedAt,
        });
        Notify(app, NotificationKind.ResultReady, $"办结，可下载结果：{app.ItemName}", $"Completed, result ready: {app.ItemName}",
            $"办件 {app.Number} 已办结，结果文书可在办件页面下载并验证。", $"Application {app.Number} is complete; download and verify the result on its page.");
        Notify(app, NotificationKind.RatingReminder, $"请评价：{app.ItemName}", $"Please rate: {app.ItemName}",
            $"您对办件 {app.Number} 的办理满意吗？欢迎“好差评”。", $"How satisfied are you with application {app.Number}? Please rate it.");
    }

    /// <summary>
    /// The licence document for the issuing department's library, SM4-encrypted (it names the holder), or null when the
    /// type is not one the exchange serves or the holder cannot be named (an online applicant's ID number is taken from
    /// the form only when it is the account's own).
    /// </summary>
    private byte[]? LibraryPayload(Application app, string licenceType, string licenceNumber, DateOnly today, DateOnly? validTo)
    {
        if (LicenceTypes.Find(licenceType) is not { } type)
        {
            return null;
        }
        var form = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(app.FormData) ?? [];
        string? holderId;
        string holderName;
        if (type.Holder == LicenceHolderKind.Business)
        {
            holderId = form.GetValueOrDefault("creditCode") is { } c && SmartGov.Core.CreditCode.Validate(c).IsValid ? c.Trim().ToUpperInvariant() : app.BusinessCreditCode;
            holderName = form.GetValueOrDefault("companyName") is { Length: > 0 } n ? n.Trim() : app.BusinessName ?? app.ApplicantName;
        }
        else
        {
            holderId = app.ApplicantIdCipher is { } cipherText ? cipher.Unprotect(cipherText)
                : form.GetValueOrDefault("idNumber") is { } id && SmartGov.Core.IdNumber.Validate(id).IsValid
                    && cipher.BlindIndex(PersonalDataKind.IdNumber, SmartGov.Core.IdNumber.Normalize(id)) == app.ApplicantIdIndex ? SmartGov.Core.IdNumber.Normalize(id) : null;
            holderName = app.ApplicantName;
        }
        if (holderId is null)
        {
            return null;
        }
        var data = new Dictionary<string, string> { ["applicationNumber"] = app.Number ?? "", ["itemName"] = app.ItemName };
        foreach (var key in new[] { "registeredCapital", "businessScope", "partnerName" })
        {
            if (form.GetValueOrDefault(key) is { Length: > 0 } v)
            {
                data[key] = v;
            }
        }
        var issuerName = SmartGov.Hub.Seeding.DemoCitySeeder.DepartmentList.FirstOrDefault(d => d.Code == type.IssuerCode).Name ?? type.IssuerCode;
        var licence = new LicenceDocument(licenceNumber, type.Code, type.NameZh, holderId, holderName, type.IssuerCode, issuerName, today, validTo,
            LicenceDocument.Valid, data);
        return cipher.Protect(System.Text.Json.JsonSerializer.Serialize(licence, LicenceDocument.Json));
    }

    private void Notify(Application app, NotificationKind kind, string titleZh, string titleEn, string bodyZh, string bodyEn)
    {
        if (app.ApplicantUserId is { } recipient)
        {
            notifier.Notify(new NotificationRequest(recipient, kind, titleZh, titleEn, bodyZh, bodyEn, Link(app), ApplicationService.SubjectType, app.Id.ToString()));
        }
    }
}
