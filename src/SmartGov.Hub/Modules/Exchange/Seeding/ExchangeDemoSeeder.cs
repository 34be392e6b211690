using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Exchange.Model;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Exchange.Seeding;

/// <summary>
/// The demo city's exchange (Seed:DemoCity): every department a member; the hub as subsystem dsj/hub; the licence
/// services of 公安局, 民政局 and 市场监管局 (each pointing at its catalog resource); the hub's rights on them for
/// 一网通办材料共享; and pre-approved registration codes for the four demo gateways, so the AppHost's gateways register
/// themselves at start.
/// </summary>
public sealed class ExchangeDemoSeeder(SmartGovDbContext db, IOrganizationDirectory organizations, ExchangeRegistry registry,
    IOptions<ExchangeOptions> options, TimeProvider clock)
{
    public const string HubSubsystem = "hub";
    public const string LicencesSubsystem = "licences";
    public const string Purpose = "一网通办材料共享";

    /// <summary>The departments that run a gateway in the demo city (AppHost ports 5300–5303).</summary>
    public static IReadOnlyList<string> GatewayDepartments { get; } = ["dsj", "gaj", "mzj", "scjg"];

    /// <summary>Licence services: department, licence type code (the service code), name, catalog resource code.</summary>
    public static IReadOnlyList<(string Dept, string Code, string Name, string Resource)> LicenceServices { get; } =
    [
        ("gaj", "gaj.resident-id-card", "居民身份证", "3010101-000001"),
        ("gaj", "gaj.household-register", "居民户口簿", "3010102-000001"),
        ("mzj", "mzj.marriage-certificate", "结婚证", "3020101-000001"),
        ("scjg", "scjg.business-licence", "营业执照", "3030101-000001"),
    ];

    /// <summary>The demo gateway's registration code: public in the repository, so valid for the demo city only.</summary>
    public static string RegistrationCodeFor(string departmentCode) => $"sgr_demo_{departmentCode}_2026";

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Set<ExchangeMember>().AnyAsync(ct))
        {
            return false;
        }
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var departments = await organizations.ListDepartmentsAsync(ct);
        var members = new Dictionary<Guid, ExchangeMember>();
        foreach (var d in departments.Where(d => d.IsActive))
        {
            var m = new ExchangeMember { Id = Guid.NewGuid(), DepartmentId = d.Id, MemberId = $"{o.Instance}/{o.MemberClass}/{d.CreditCode}", Name = d.Name, CreatedAt = now };
            members[d.Id] = m;
            db.Add(m);
        }
        ExchangeMember Of(string code) => members[DemoCitySeeder.DeterministicGuid("dept:" + code)];

        var hub = Of("dsj");
        db.Add(new ExchangeSubsystem { Id = Guid.NewGuid(), MemberRef = hub.Id, Code = HubSubsystem, CreatedAt = now });
        var validFrom = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var validUntil = new DateTime(2030, 12, 31, 0, 0, 0, DateTimeKind.Utc);
        var hubClient = hub.MemberId + "/" + HubSubsystem;

        foreach (var dept in new[] { "gaj", "mzj", "scjg" })
        {
            var m = Of(dept);
            db.Add(new ExchangeSubsystem { Id = Guid.NewGuid(), MemberRef = m.Id, Code = LicencesSubsystem, CreatedAt = now });
            var own = LicenceServices.Where(s => s.Dept == dept).ToList();
            foreach (var (_, code, name, resource) in own)
            {
                AddService(m, code, name + "信息", resource, "GET", now, hubClient, validFrom, validUntil);
            }
            // Issuing a licence result into the department's library (POST JSON); its data belongs to the department's first resource.
            AddService(m, "issue", "电子证照签发入库", own[0].Resource, "POST", now, hubClient, validFrom, validUntil);
        }

        foreach (var dept in GatewayDepartments)
        {
            registry.AddCode(Of(dept).Id, RegistrationCodeFor(dept), validUntil, "demo-seed", preApproved: true);
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    private void AddService(ExchangeMember m, string code, string name, string resource, string method, DateTime now, string client, DateTime from, DateTime until)
    {
        var service = new ExchangeService
        {
            Id = Guid.NewGuid(), MemberRef = m.Id, Subsystem = LicencesSubsystem, Code = code, ServiceId = $"{m.MemberId}/{LicencesSubsystem}/{code}",
            Name = name, CatalogResourceCode = resource, PersonalData = true, MessageLog = "Metadata", CreatedAt = now,
        };
        db.Add(service);
        db.Add(new ExchangeAccessRight
        {
            Id = Guid.NewGuid(), Client = client, ServiceRef = service.Id, Methods = method, Paths = "/**", Purposes = Purpose, ValidFrom = from,
            ValidUntil = until, CreatedAt = now, CreatedBy = "demo-seed",
        });
    }
}
