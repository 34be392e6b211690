using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Applications.Handover;

/// <summary>A handover the receiving hub confirmed: its number for the application there.</summary>
public sealed record HandoverSent(Guid ApplicationId, string Number, string TargetRegionCode, string ReceiverNumber, string? MessageId);

/// <summary>Why a send did not reach (or was refused by) the receiving hub: a stable code and the message in both languages.</summary>
public sealed record HandoverExchangeFailure(string Error, string Zh, string En, bool Unavailable);

/// <summary>The outcome of a send: the confirmation, a refusal here (validation, rights), or an exchange failure.</summary>
public sealed record HandoverSendOutcome(HandoverSent? Sent, AppResult<HandoverOutgoing>? Refusal, HandoverExchangeFailure? Failure);

/// <summary>What the receiving hub's inbox answers.</summary>
public sealed record HandoverReceipt(string Number);

/// <summary>
/// 异地代收代办 over the data exchange. Sending: the signed package goes through the hub's exchange client
/// (<see cref="IExchangeClient"/>, the same one the licence fetcher uses) to the target region's hub service (<see cref="HandoverOptions.Peers"/>);
/// nothing is recorded unless that hub answers with its number. Receiving: <see cref="ReceiveAsync"/> behind the hub's
/// gateway (API token), only from a configured peer, verified under the origin's trusted key, idempotent by origin number.
/// </summary>
public sealed class HandoverExchange(
    ApplicationService applications,
    HandoverService handovers,
    MaterialFiles files,
    IExchangeClient client,
    IOptions<HandoverOptions> options,
    IOptions<LicencesOptions> exchange,
    IOptions<ApplicationsOptions> applicationOptions,
    IAuditSink audit,
    ILogger<HandoverExchange> logger)
{
    public async Task<HandoverSendOutcome> SendAsync(ClaimsPrincipal user, Guid applicationId, string? targetRegionCode, CancellationToken ct)
    {
        var built = await applications.BuildHandoverAsync(user, applicationId, targetRegionCode, handovers.PlatformKey.SigningKey, files, ct);
        if (!built.Succeeded)
        {
            return new(null, built, null);
        }
        var outgoing = built.Value!;
        var target = outgoing.Package.TargetRegionCode;
        if (Covering(options.Value.Peers, target) is not { } serviceId)
        {
            return new(null, new(null, [new FieldError("targetRegionCode", "handover.peerUnknown",
                $"区划 {target} 的平台未配置为数据交换的移交对象，请导出移交包另行传递",
                $"Region {target}'s platform is not configured as a handover peer on the exchange; export the package instead.")]), null);
        }
        var answer = await client.SendAsync(new ExchangeCall(HttpMethod.Post, serviceId, options.Value.Purpose, user.Identity?.Name,
            Body: outgoing.FileBytes, ContentType: "application/json"), ct);
        var messageId = answer.MessageId;
        HandoverExchangeFailure failure;
        switch (answer.Status)
        {
            case ExchangeCallStatus.NotConfigured:
                return new(null, null, new("exchange.not_configured", "数据共享交换平台尚未配置，暂不能通过交换移交，请导出移交包",
                    "The data exchange is not configured; export the handover package instead.", true));
            case ExchangeCallStatus.Unreachable:
                failure = new("gateway.unreachable", "无法连接本平台的前置机，办件未移交，请稍后重试",
                    "The hub's exchange gateway cannot be reached; the application was not handed over. Try again later.", true);
                break;
            case ExchangeCallStatus.ExchangeError:
                failure = Describe(answer.Error!, target);
                break;
            default:
                if ((int)answer.StatusCode is >= 200 and <= 299 && Receipt(answer.Body) is { } receipt)
                {
                    var recorded = await applications.RecordHandoverSentAsync(user, outgoing, receipt.Number, serviceId, messageId, ct);
                    if (!recorded.Succeeded)
                    {
                        return new(null, new(null, recorded.Errors, recorded.Conflict, recorded.Forbidden, recorded.NotFound), null);
                    }
                    return new(new HandoverSent(outgoing.ApplicationId, outgoing.Number, target, receipt.Number, messageId), null, null);
                }
                failure = Refused(answer.StatusCode, answer.Body, target);
                break;
        }
        logger.LogWarning("Handover of {Number} to {Service} failed: {Error} (message {MessageId})", outgoing.Number, serviceId, failure.Error, messageId);
        // The application is untouched; the attempt (personal data offered to the exchange) is audited on its own.
        await audit.WriteAsync(new AuditEvent(AuditActions.ExchangeRequest, AuditOutcomes.Failure, SubjectType: ApplicationService.SubjectType,
            SubjectId: outgoing.ApplicationId.ToString(), Purpose: $"异地代收代办移交 {outgoing.Number} → {target}",
            Details: $"exchange={serviceId}; message={messageId}; error={failure.Error}"), ct);
        return new(null, null, failure);
    }

    /// <summary>What an exchange error means for the clerk: always that nothing was handed over and whether a retry may work.</summary>
    public static HandoverExchangeFailure Describe(string error, string target) => error switch
    {
        "peer.unavailable" or "peer.timeout" => new(error, $"区划 {target} 平台的前置机暂时无法连接，办件未移交，请稍后重试",
            $"The gateway of region {target}'s platform cannot be reached now; the application was not handed over. Try again later.", true),
        "backend.unavailable" or "backend.timeout" => new(error, $"区划 {target} 的平台暂时不可用，办件未移交，请稍后重试",
            $"Region {target}'s platform is unavailable now; the application was not handed over. Try again later.", true),
        "access.denied" or "purpose.required" or "purpose.not_allowed" => new(error, $"数据交换平台未授权本平台向区划 {target} 移交办件（用途：异地代收代办），办件未移交",
            $"The exchange does not allow this platform to hand applications over to region {target} (purpose 异地代收代办); nothing was handed over.", false),
        "service.unknown" => new(error, $"区划 {target} 的平台尚未在交换平台上提供移交服务，办件未移交",
            $"Region {target}'s platform offers no handover service on the exchange; nothing was handed over.", false),
        "config.unavailable" => new(error, "数据交换平台的全局配置暂不可用，办件未移交，请稍后重试",
            "The exchange's global configuration is unavailable; the application was not handed over. Try again later.", true),
        "client.unknown" or "client.not_local" => new(error, "本平台尚未登记为交换平台的成员，办件未移交",
            "This platform is not registered on the exchange; nothing was handed over.", false),
        _ => new(error, $"数据交换失败（{error}），办件未移交，请稍后重试", $"The data exchange failed ({error}); the application was not handed over. Try again later.", true),
    };

    private static HandoverReceipt? Receipt(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<HandoverReceipt>(body, JsonSerializerOptions.Web) is { Number: { Length: > 0 and <= 32 } } r ? r : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The receiving hub answered but did not take the package: its own bilingual reason when it gave one.</summary>
    private static HandoverExchangeFailure Refused(HttpStatusCode status, byte[] body, string target)
    {
        string? zh = null, en = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Object)
            {
                zh = m.TryGetProperty("zh-CN", out var z) ? z.GetString() : null;
                en = m.TryGetProperty("en-US", out var e) ? e.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the status says enough.
        }
        var code = (int)status;
        return new("receiver.refused",
            $"区划 {target} 的平台拒收移交（{code}）：{zh ?? "无说明"}。办件未移交",
            $"Region {target}'s platform refused the handover ({code}): {en ?? "no reason given"}. Nothing was handed over.", code >= 500);
    }

    /// <summary>
    /// The inbox behind this hub's gateway: <paramref name="caller"/> is the SmartGov-Client the gateway verified. Only a
    /// configured peer may hand over, and only packages of its own region; the package must verify under the trusted key
    /// of that region. A package already taken in is answered with the existing number (the sender may resend safely).
    /// </summary>
    public async Task<AppResult<HandoverReceiptResult>> ReceiveAsync(ClaimsPrincipal user, string? caller, byte[] body, CancellationToken ct)
    {
        var hubDepartment = DemoCitySeeder.DeterministicGuid("dept:" + exchange.Value.HubDepartmentCode);
        if (user.GetUserId() is not { } uid || !user.IsInRole(Roles.DepartmentSystem) || user.GetDepartmentId() != hubDepartment)
        {
            await Refuse("token", caller, null, ct);
            return new(null, Forbidden: ("只有本平台前置机（持本平台部门的 API 令牌）可以投递移交包",
                "Only this platform's own gateway (with an API token of the platform's department) may deliver handover packages."));
        }
        if (string.IsNullOrWhiteSpace(caller) || !options.Value.Peers.Values.Any(v => !string.IsNullOrWhiteSpace(v) && ClientOf(v) == caller))
        {
            await Refuse("peer", caller, null, ct);
            return new(null, Forbidden: ($"调用方 {caller} 不是已配置的移交对象平台", $"The caller {caller} is not a configured handover peer."));
        }
        var parsed = HandoverFile.Parse(body);
        if (parsed.Package is null)
        {
            var (zh, en) = HandoverReasons.Describe(parsed.Reason);
            return new(null, [new FieldError("package", "handover." + parsed.Reason, zh, en)]);
        }
        var p = parsed.Package;
        if (Covering(options.Value.Peers, p.OriginRegionCode) is not { } originService || ClientOf(originService) != caller)
        {
            await Refuse("origin", caller, p, ct);
            return new(null, Forbidden: ($"移交包来自区划 {p.OriginRegionCode}，该区划不是调用方的已配置移交对象，拒收",
                $"The package comes from region {p.OriginRegionCode}, which is not the caller's configured peer region; refused."));
        }
        var here = applicationOptions.Value.CityRegionCode;
        if (!Covers(here, p.TargetRegionCode))
        {
            return new(null, [new FieldError("package.targetRegionCode", "handover.wrongTarget", $"移交包的目标区划是 {p.TargetRegionCode}，不是本平台（{here}）",
                $"The package is for region {p.TargetRegionCode}, not this platform's ({here}).")]);
        }
        var trustedRegion = Covering(options.Value.TrustedKeys.ToDictionary(k => k.Key, k => k.Key, StringComparer.Ordinal), p.OriginRegionCode);
        if (trustedRegion is null || await handovers.TrustedKeyAsync(trustedRegion, ct) is not { } key)
        {
            await Refuse("key", caller, p, ct);
            return new(null, Forbidden: ($"未配置区划 {p.OriginRegionCode} 的可信公钥，拒收", $"No trusted key is configured for region {p.OriginRegionCode}; refused."));
        }
        var dedup = HandoverService.Dedup(p.OriginRegionCode, p.Number);
        if (await applications.FindImportedHandoverAsync(dedup, ct) is { } existing)
        {
            return new(new HandoverReceiptResult(existing.Number ?? "", false));
        }
        var imported = await handovers.ImportVerifiedAsync(user, uid, body, parsed, key, trusted: true, ct);
        if (imported.Succeeded)
        {
            return new(new HandoverReceiptResult(imported.Value!.Number ?? "", true));
        }
        // Two deliveries of the same package at once: the loser answers with the winner's number.
        if (imported.Conflict is not null && await applications.FindImportedHandoverAsync(dedup, ct) is { } raced)
        {
            return new(new HandoverReceiptResult(raced.Number ?? "", false));
        }
        return new(null, imported.Errors, imported.Conflict, imported.Forbidden, imported.NotFound);
    }

    /// <summary>
    /// The value configured for <paramref name="region"/>: its own entry, or else the entry of the nearest region that
    /// contains it (a city's 371800 covers its districts 3718xx, a province's 370000 all of 37xxxx).
    /// </summary>
    public static string? Covering(IReadOnlyDictionary<string, string> map, string region)
    {
        if (map.TryGetValue(region, out var exact) && !string.IsNullOrWhiteSpace(exact))
        {
            return exact;
        }
        return map.Where(e => !string.IsNullOrWhiteSpace(e.Value) && Covers(e.Key, region))
            .OrderByDescending(e => Significant(e.Key).Length).Select(e => e.Value).FirstOrDefault();
    }

    /// <summary>Whether region <paramref name="outer"/> is <paramref name="region"/> or contains it.</summary>
    public static bool Covers(string outer, string region) =>
        outer == region || (Significant(outer) is { Length: > 0 } prefix && region.StartsWith(prefix, StringComparison.Ordinal));

    private static string Significant(string code)
    {
        var s = code.Trim();
        while (s.Length >= 2 && s.EndsWith("00", StringComparison.Ordinal))
        {
            s = s[..^2];
        }
        return s;
    }

    /// <summary>The client id of a service id: <c>INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE</c> without its service.</summary>
    public static string ClientOf(string serviceId)
    {
        var trimmed = serviceId.Trim().Trim('/');
        var cut = trimmed.LastIndexOf('/');
        return cut < 0 ? trimmed : trimmed[..cut];
    }

    private Task Refuse(string why, string? caller, HandoverPackage? p, CancellationToken ct) =>
        audit.WriteAsync(new AuditEvent(AuditActions.AccessDenied, AuditOutcomes.Failure, SubjectType: "handover", SubjectId: p?.Number,
            Details: $"inbox refused ({why}); client={caller}; origin={p?.OriginRegionCode}"), ct);
}

/// <summary>The inbox's answer: the local number, and whether this delivery created it (false: a resend).</summary>
public sealed record HandoverReceiptResult(string Number, bool Created);
