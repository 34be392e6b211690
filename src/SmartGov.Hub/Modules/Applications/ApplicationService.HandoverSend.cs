using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Handover;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>A signed package built for sending over the exchange: nothing is recorded until the receiving hub has answered.</summary>
public sealed record HandoverOutgoing(Guid ApplicationId, string Number, HandoverPackage Package, byte[] FileBytes, string Sm3);

/// <summary>
/// 异地代收代办 through the data exchange: the package is built without writing anything (the download,
/// <see cref="ExportHandoverAsync"/>, builds it the same way and records at once), so a send that fails leaves the
/// application exactly as it was; the outcome is recorded (handover row, history line, audit entry: one transaction) only
/// once the receiving hub gave its number.
/// </summary>
public sealed partial class ApplicationService
{
    /// <summary>Who may hand over: the application's department staff or the clerk who took it, while it is open.</summary>
    internal async Task<AppResult<HandoverOutgoing>> BuildHandoverAsync(ClaimsPrincipal user, Guid id, string? targetRegionCode, ISigningKey key,
        MaterialFiles files, CancellationToken ct)
    {
        var app = await db.Set<Application>().AsNoTracking().Include(a => a.Materials).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || user.GetUserId() is not { } uid || !IsStaff(user))
        {
            return new(null, NotFound: true);
        }
        var departmentStaff = user.GetDepartmentId() == app.DepartmentId && (user.IsInRole(Roles.Officer) || user.IsInRole(Roles.DepartmentLeader));
        var takingClerk = user.IsInRole(Roles.WindowClerk) && app.CreatedBy == uid;
        if (!departmentStaff && !takingClerk)
        {
            return Forbid<HandoverOutgoing>("只有办件所属部门的工作人员或收件的窗口人员可以移交", "Only the department's staff or the clerk who took the application may hand it over.");
        }
        if (!HandoverStatuses.Contains(app.Status) || app.Number is null)
        {
            var (sZh, sEn) = ApplicationStateMachine.Names(app.Status);
            return new(null, [new FieldError("application", "handover.status", $"办件当前为“{sZh}”，不能移交异地办理", $"The application is {sEn.ToLowerInvariant()}; it cannot be handed over.")]);
        }
        var target = targetRegionCode?.Trim() ?? "";
        var check = RegionCode.Validate(target);
        if (!check.IsValid)
        {
            return new(null, [new FieldError("targetRegionCode", "region.invalid", "目标行政区划代码无效：" + check.MessageZh, "The target region code is not valid: " + check.MessageEn)]);
        }
        target = RegionCode.Normalize(target);
        if (target == app.RegionCode)
        {
            return new(null, [new FieldError("targetRegionCode", "handover.sameRegion", "目标区划与收件区划相同，无需移交", "The target is the region that took the application; nothing to hand over.")]);
        }

        var materials = new List<HandoverMaterial>();
        long inlined = 0;
        foreach (var m in app.Materials.OrderBy(m => m.AddedAt).ThenBy(m => m.Name, StringComparer.Ordinal))
        {
            string? content = null;
            if (m.FileId is { } fileId && m.Size is { } size && size <= HandoverFile.MaxInlineFileBytes && inlined + size <= HandoverFile.MaxInlineTotalBytes
                && await files.OpenAsync(fileId, ct) is { } opened)
            {
                await using (opened.Content)
                {
                    using var buffer = new MemoryStream();
                    await opened.Content.CopyToAsync(buffer, ct);
                    content = Convert.ToBase64String(buffer.ToArray());
                    inlined += buffer.Length;
                }
            }
            materials.Add(new HandoverMaterial(m.Name, m.Source, m.FileName, m.Sm3, m.Size, m.Missing, m.Note, content));
        }
        var form = new SortedDictionary<string, string?>(
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(app.FormData, FormJson) ?? [], StringComparer.Ordinal);
        var package = new HandoverPackage(Guid.CreateVersion7(), app.RegionCode, target, app.Number, app.ImplementationCode, app.ItemName,
            app.ApplicantKind.ToString(), app.ApplicantName, app.ApplicantIdCipher is null ? null : cipher.Unprotect(app.ApplicantIdCipher),
            app.MobileCipher is null ? null : cipher.Unprotect(app.MobileCipher), app.BusinessName, app.BusinessCreditCode, app.Channel.ToString(),
            app.SubmittedAt?.ToString("O", CultureInfo.InvariantCulture), Now.ToString("O", CultureInfo.InvariantCulture), user.Identity?.Name ?? uid.ToString(),
            form, materials);
        var bytes = HandoverFile.Create(package, key);
        return new(new HandoverOutgoing(app.Id, app.Number, package, bytes, Convert.ToHexStringLower(Sm3.Hash(bytes))));
    }

    /// <summary>
    /// Records a handover the receiving hub confirmed: the handover row, the history line with the receiver's number and
    /// the audit entry (the package carried personal data out of this hub) commit together.
    /// </summary>
    internal async Task<AppResult<ApplicationView>> RecordHandoverSentAsync(ClaimsPrincipal user, HandoverOutgoing sent, string receiverNumber,
        string serviceId, string? messageId, CancellationToken ct)
    {
        var app = await db.Set<Application>().SingleOrDefaultAsync(a => a.Id == sent.ApplicationId, ct);
        if (app is null || user.GetUserId() is not { } uid)
        {
            return new(null, NotFound: true);
        }
        var target = sent.Package.TargetRegionCode;
        db.Add(new ApplicationHandover
        {
            Id = Guid.CreateVersion7(), Direction = HandoverDirection.Out, PackageId = sent.Package.PackageId, ApplicationId = app.Id, Number = sent.Number,
            RegionCode = target, PackageSm3 = sent.Sm3, DedupKey = "out:" + sent.Package.PackageId.ToString("N"), At = Now, By = uid, ByName = user.Identity?.Name,
        });
        History(app, ApplicationAction.Handover, app.Status, null, user,
            $"通过数据交换移交异地办理：目标区划 {target}，接收方办件编号 {receiverNumber}（移交包 SM3 {sent.Sm3[..16]}…，交换消息 {messageId ?? "—"}）");
        audit.Record(new AuditEvent(AuditActions.Export, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex,
            Purpose: $"异地代收代办移交 {sent.Number} → {target}",
            Details: $"exchange={serviceId}; message={messageId}; receiverNumber={receiverNumber}; package={sent.Package.PackageId}; sm3={sent.Sm3}"));
        await db.SaveChangesAsync(ct);
        return new(await ViewAsync(app.Id, user, ct));
    }

    /// <summary>The local application an earlier import of this origin number created (a resend is answered with it).</summary>
    internal async Task<(Guid Id, string? Number)?> FindImportedHandoverAsync(string dedupKey, CancellationToken ct)
    {
        var row = await db.Set<ApplicationHandover>().AsNoTracking()
            .Where(h => h.DedupKey == dedupKey && h.Direction == HandoverDirection.In).Select(h => (Guid?)h.ApplicationId).FirstOrDefaultAsync(ct);
        if (row is not { } appId)
        {
            return null;
        }
        var number = await db.Set<Application>().AsNoTracking().Where(a => a.Id == appId).Select(a => a.Number).FirstOrDefaultAsync(ct);
        return (appId, number);
    }
}
