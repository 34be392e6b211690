using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Licences;

/// <summary>
/// Fetches and issues licences through the hub's exchange client (<see cref="IExchangeClient"/>: the hub's gateway,
/// <c>/r1/…</c>, docs/exchange-protocol.md) and says what each exchange error means for the applicant and the clerk.
/// </summary>
public sealed class LicenceExchange(
    IExchangeClient exchange,
    IOptions<LicencesOptions> options,
    IOrganizationDirectory organizations,
    TimeProvider clock,
    ILogger<LicenceExchange> logger) : ILicenceExchange
{
    public const string ApplicationPurpose = "一网通办材料共享";

    public async Task<LicenceFetchResult> FetchAsync(string typeCode, string holderId, string? userId, CancellationToken ct)
    {
        var type = LicenceTypes.Find(typeCode) ?? new LicenceType(typeCode, typeCode, typeCode, "", LicenceHolderKind.Person, null);
        var issuerId = DemoCitySeeder.DeterministicGuid("dept:" + type.IssuerCode);
        var issuer = type.IssuerCode.Length == 0 ? null : await organizations.FindDepartmentAsync(issuerId, ct);
        LicenceFetchResult Fail(string error, string zh, string en, string? serviceId = null, string? messageId = null) =>
            new(type, serviceId, issuer?.Name, issuerId, null, null, null, error, zh, en, messageId);
        if (LicenceTypes.Find(typeCode) is null || issuer is null)
        {
            return Fail("type.unknown", $"平台不认识证照类型“{typeCode}”或其发证部门", $"The licence type \"{typeCode}\" or its issuing department is not known.");
        }
        var o = options.Value;
        var serviceId = type.ServiceId(o.Instance, issuer.CreditCode);
        var answer = await exchange.SendAsync(new ExchangeCall(HttpMethod.Get, serviceId, o.Purpose, userId, $"?holder={Uri.EscapeDataString(holderId)}"), ct);
        var messageId = answer.MessageId;
        switch (answer.Status)
        {
            case ExchangeCallStatus.NotConfigured:
                return Fail("exchange.not_configured", "数据共享交换平台尚未配置，暂不能共享获取，请上传材料", "The data exchange is not configured; upload the material instead.");
            case ExchangeCallStatus.Unreachable:
                return Fail("gateway.unreachable", "无法连接本平台的前置机，暂不能共享获取，请稍后重试或上传材料",
                    "The hub's exchange gateway cannot be reached; try again later or upload the material.", serviceId);
            case ExchangeCallStatus.ExchangeError:
                var (zh, en) = Describe(answer.Error!, issuer.Name);
                logger.LogWarning("Licence fetch {Service}: exchange error {Error} (message {MessageId})", serviceId, answer.Error, messageId);
                return Fail(answer.Error!, zh, en, serviceId, messageId);
        }
        if (answer.StatusCode == HttpStatusCode.NotFound)
        {
            return Fail("licence.not_found", $"{issuer.Name}没有该持证人的{type.NameZh}", $"{issuer.NameEn ?? issuer.Name} holds no {type.NameEn} for this holder.", serviceId, messageId);
        }
        if ((int)answer.StatusCode is < 200 or > 299)
        {
            logger.LogWarning("Licence fetch {Service}: the department's system answered {Status}", serviceId, (int)answer.StatusCode);
            return Fail("provider.error", $"{issuer.Name}的证照系统返回错误（{(int)answer.StatusCode}），请上传材料",
                $"The issuing department's system answered {(int)answer.StatusCode}; upload the material instead.", serviceId, messageId);
        }
        var body = answer.Body;
        LicenceDocument? licence;
        try
        {
            licence = JsonSerializer.Deserialize<LicenceDocument>(body, LicenceDocument.Json);
        }
        catch (JsonException)
        {
            licence = null;
        }
        if (licence is null || licence.Problems().Count > 0)
        {
            return Fail("response.invalid", "发证部门返回的证照数据无法识别", "The issuing department's answer is not a licence document.", serviceId, messageId);
        }
        var today = ChinaTime.Today(clock);
        var verification = new LicenceVerification(
            IssuerMatches: licence.IssuerCode == type.IssuerCode && licence.TypeCode == type.Code,
            HolderMatches: string.Equals(licence.HolderId, holderId, StringComparison.OrdinalIgnoreCase),
            InForce: licence.Status == LicenceDocument.Valid && (licence.ValidTo is null || licence.ValidTo >= today));
        return new(type, serviceId, issuer.Name, issuerId, licence, body, verification,
            verification.Passed ? null : "verification.failed", verification.Passed ? null : verification.SummaryZh, verification.Passed ? null : verification.SummaryEn, messageId);
    }

    public async Task<LicenceIssueResult> IssueAsync(LicenceDocument licence, CancellationToken ct)
    {
        var o = options.Value;
        var issuer = await organizations.FindDepartmentAsync(DemoCitySeeder.DeterministicGuid("dept:" + licence.IssuerCode), ct);
        if (issuer is null)
        {
            return new(false, false, "exchange.not_configured", "数据共享交换平台尚未配置", "The data exchange is not configured.");
        }
        var serviceId = $"{o.Instance}/GOV/{issuer.CreditCode}/{LicenceType.Subsystem}/{LicenceType.IssueService}";
        var answer = await exchange.SendAsync(new ExchangeCall(HttpMethod.Post, serviceId, o.IssuePurpose, "smartgov-hub",
            Body: JsonSerializer.SerializeToUtf8Bytes(licence, LicenceDocument.Json), ContentType: "application/json; charset=utf-8"), ct);
        switch (answer.Status)
        {
            case ExchangeCallStatus.NotConfigured:
                return new(false, false, "exchange.not_configured", "数据共享交换平台尚未配置", "The data exchange is not configured.");
            case ExchangeCallStatus.Unreachable:
                return new(false, false, "gateway.unreachable", "无法连接本平台的前置机", "The hub's exchange gateway cannot be reached.");
            case ExchangeCallStatus.ExchangeError:
                var (zh, en) = Describe(answer.Error!, issuer.Name);
                return new(false, false, answer.Error, zh, en);
        }
        return answer.StatusCode switch
        {
            HttpStatusCode.Created => new(true, false, null, null, null),
            HttpStatusCode.OK => new(true, true, null, null, null),
            _ => new(false, false, "provider.error", $"{issuer.Name}的证照库拒收（{(int)answer.StatusCode}）", $"The department's library refused it ({(int)answer.StatusCode})."),
        };
    }

    /// <summary>What an exchange error means for the applicant and the clerk, in both languages.</summary>
    public static (string Zh, string En) Describe(string error, string issuerName) => error switch
    {
        "peer.unavailable" or "peer.timeout" => ($"{issuerName}的前置机暂时无法连接，暂不能共享获取，请稍后重试或上传材料",
            "The issuing department's gateway cannot be reached now; try again later or upload the material."),
        "backend.unavailable" or "backend.timeout" => ($"{issuerName}的证照系统暂时不可用，暂不能共享获取，请稍后重试或上传材料",
            "The issuing department's licence system is unavailable now; try again later or upload the material."),
        "access.denied" or "purpose.required" or "purpose.not_allowed" => ("本平台没有获取该证照的共享授权（或用途不在授权范围内），请上传材料",
            "The platform has no sharing grant for this licence (or not for this purpose); upload the material instead."),
        "service.unknown" => ($"{issuerName}尚未在交换平台上提供该证照服务，请上传材料", "The issuing department does not offer this licence on the exchange; upload the material."),
        "config.unavailable" => ("数据交换平台的全局配置暂不可用，请稍后重试或上传材料", "The exchange's global configuration is unavailable; try again later or upload the material."),
        "client.unknown" or "client.not_local" => ("本平台尚未登记为交换平台的成员，请上传材料", "The platform is not registered on the exchange; upload the material."),
        _ => ($"数据交换失败（{error}），请稍后重试或上传材料", $"The data exchange failed ({error}); try again later or upload the material."),
    };
}
