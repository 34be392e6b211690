using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.Modules.Organizations.Model;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Seeding;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Seed the demo city (示范市) into an empty database.</summary>
    public bool DemoCity { get; set; }

    public int Citizens { get; set; } = 1000;

    public int Businesses { get; set; } = 100;
}

public sealed record DemoLogin(string UserName, string Roles, string Department, string? TotpSecret);

/// <summary>A demo citizen as every demo system knows them.</summary>
public sealed record DemoPerson(string Name, string IdNumber, string Mobile);

/// <summary>A demo business; <see cref="LegalRepresentative"/> is an index into <see cref="DemoPopulation.Citizens"/>.</summary>
public sealed record DemoBusiness(string Name, string CreditCode, string RegionCode, int LegalRepresentative);

/// <summary>The deterministic demo population (see <see cref="DemoCitySeeder.Population"/>).</summary>
public sealed record DemoPopulation(
    IReadOnlyDictionary<string, string> DepartmentCreditCodes,
    IReadOnlyDictionary<string, string> StaffNames,
    IReadOnlyList<DemoPerson> Citizens,
    IReadOnlyList<DemoBusiness> Businesses);

/// <summary>
/// The demo city: deterministic (fixed random seed), with checksummed ID numbers and credit codes, so that the
/// README's demo logins are the same on every machine. Passwords of demo accounts are all <see cref="DemoPassword"/>.
/// </summary>
public sealed class DemoCitySeeder(
    SmartGovDbContext db,
    IPersonalDataCipher protector,
    IOptions<SeedOptions> options,
    TimeProvider clock,
    ILogger<DemoCitySeeder> logger)
{
    public const string DemoPassword = "SmartGov@2026";
    public const string CityCode = "371800";
    public const string CityName = "示范市";
    private const int RandomSeed = 20261129;

    /// <summary>The first demo citizen, listed in the README.</summary>
    public static readonly (string Name, string IdNumber, string Mobile) DemoCitizen =
        ("张明华", IdNumber.Compose("371802", new DateOnly(1985, 6, 15), 123, male: true), "13800138000");

    public static readonly (string Code, string Name, string NameEn)[] DepartmentList =
    [
        ("xzsp", "示范市行政审批服务局", "Administrative Approval Service Bureau"),
        ("gaj", "示范市公安局", "Public Security Bureau"),
        ("scjg", "示范市市场监督管理局", "Market Regulation Administration"),
        ("mzj", "示范市民政局", "Civil Affairs Bureau"),
        ("rsj", "示范市人力资源和社会保障局", "Human Resources and Social Security Bureau"),
        ("wjw", "示范市卫生健康委员会", "Health Commission"),
        ("zjj", "示范市住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
        ("zrzy", "示范市自然资源和规划局", "Natural Resources and Planning Bureau"),
        ("jyj", "示范市教育局", "Education Bureau"),
        ("swj", "国家税务总局示范市税务局", "Taxation Bureau"),
        ("dsj", "示范市大数据局", "Big Data Bureau"),
        ("zfb", "示范市人民政府办公室", "General Office of the Municipal Government"),
    ];

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Set<Department>().AnyAsync(ct))
        {
            return false;
        }
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        // Roles
        var roleIds = new Dictionary<string, Guid>();
        foreach (var name in Roles.Staff.Append(Roles.Citizen))
        {
            var existing = await db.Roles.FirstOrDefaultAsync(r => r.Name == name, ct);
            if (existing is null)
            {
                existing = new AppRole(name);
                db.Roles.Add(existing);
            }
            roleIds[name] = existing.Id;
        }

        // Regions: the city, three districts, two streets each, two communities per street.
        var regions = new List<Region> { new() { Code = CityCode, Name = CityName, Level = RegionLevel.City, CreatedAt = now, UpdatedAt = now } };
        var districts = Districts;
        string[] streetNames = ["街道", "镇"];
        string[] prefixes = ["和平", "建设", "文化", "新华", "长青", "光明"];
        var p = 0;
        foreach (var (code, name) in districts)
        {
            regions.Add(new() { Code = code, Name = name, Level = RegionLevel.County, ParentCode = CityCode, CreatedAt = now, UpdatedAt = now });
            for (var s = 1; s <= 2; s++)
            {
                var streetCode = $"{code}{s:000}000";
                var streetName = prefixes[p++ % prefixes.Length] + streetNames[s - 1];
                regions.Add(new() { Code = streetCode, Name = streetName, Level = RegionLevel.Township, ParentCode = code, CreatedAt = now, UpdatedAt = now });
                for (var c = 1; c <= 2; c++)
                {
                    regions.Add(new()
                    {
                        Code = $"{code}{s:000}{c:000}", Name = $"{streetName[..2]}{(c == 1 ? "东" : "西")}社区", Level = RegionLevel.Village,
                        ParentCode = streetCode, CreatedAt = now, UpdatedAt = now,
                    });
                }
            }
        }
        db.AddRange(regions);

        // Departments: government agencies carry credit codes of category 1 (机构编制) type 1 (机关), GB 32100.
        var population = Population(o.Citizens, o.Businesses);
        var departments = new Dictionary<string, Department>();
        foreach (var (code, name, nameEn) in DepartmentList)
        {
            var d = new Department
            {
                Id = DeterministicGuid("dept:" + code),
                Name = name,
                NameEn = nameEn,
                CreditCode = population.DepartmentCreditCodes[code],
                RegionCode = CityCode,
                CreatedAt = now,
                UpdatedAt = now,
            };
            departments[code] = d;
        }
        db.AddRange(departments.Values);

        // Service halls
        db.AddRange(
            new ServiceHall { Id = DeterministicGuid("hall:city"), Name = "示范市政务服务中心", Level = HallLevel.City, Address = "示范市东湖区人民路 1 号", OpeningHours = "周一至周五 9:00-17:00，周六 9:00-12:00", RegionCode = CityCode, Phone = "0538-12345", CreatedAt = now, UpdatedAt = now },
            new ServiceHall { Id = DeterministicGuid("hall:371802"), Name = "东湖区政务服务中心", Level = HallLevel.District, Address = "东湖区和平路 88 号", OpeningHours = "周一至周五 9:00-17:00", RegionCode = "371802", Phone = "0538-22345", CreatedAt = now, UpdatedAt = now },
            new ServiceHall { Id = DeterministicGuid("hall:371803"), Name = "西山区政务服务中心", Level = HallLevel.District, Address = "西山区建设大街 16 号", OpeningHours = "周一至周五 9:00-17:00", RegionCode = "371803", Phone = "0538-32345", CreatedAt = now, UpdatedAt = now },
            new ServiceHall { Id = DeterministicGuid("hall:371802001000"), Name = "和平街道便民服务中心", Level = HallLevel.Street, Address = "东湖区和平街道文化路 5 号", OpeningHours = "周一至周五 8:30-17:30", RegionCode = "371802001000", Phone = "0538-42345", CreatedAt = now, UpdatedAt = now });

        // One password hash serves every demo account: hashing a thousand passwords would take minutes, and
        // these accounts exist only to be shown.
        var passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), DemoPassword);

        foreach (var (userName, roles, dept) in StaffPlan())
        {
            var user = NewUser(userName, population.StaffNames[userName], UserKind.Staff, passwordHash, now);
            user.DepartmentId = departments[dept].Id;
            user.TwoFactorEnabled = true;
            db.Users.Add(user);
            foreach (var role in roles)
            {
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleIds[role] });
            }
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = TotpSecretFor(userName) });
        }

        // Citizens, the first of them the README's demo citizen.
        var citizens = new List<AppUser>();
        foreach (var person in population.Citizens)
        {
            var (name, idNumber, mobile) = (person.Name, person.IdNumber, person.Mobile);
            var user = NewUser(null, name, UserKind.Citizen, passwordHash, now);
            user.IdNumberIndex = protector.BlindIndex(PersonalDataKind.IdNumber, idNumber);
            user.UserName = "c" + user.IdNumberIndex[..20];
            user.NormalizedUserName = user.UserName.ToUpperInvariant();
            user.IdNumberCipher = protector.Protect(idNumber);
            user.IdNumberMasked = IdNumber.Mask(idNumber);
            user.MobileCipher = protector.Protect(mobile);
            user.MobileIndex = protector.BlindIndex(PersonalDataKind.Mobile, mobile);
            user.MobileMasked = MobileNumber.Mask(mobile);
            citizens.Add(user);
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleIds[Roles.Citizen] });
        }

        // Businesses (category 9 工商, type 1 企业), each with a citizen as its legal representative.
        foreach (var b in population.Businesses)
        {
            var business = new Business
            {
                Id = DeterministicGuid("biz:" + b.CreditCode),
                Name = b.Name,
                CreditCode = b.CreditCode,
                RegionCode = b.RegionCode,
                CreatedAt = now,
            };
            business.Agents.Add(new BusinessAgent { BusinessId = business.Id, UserId = citizens[b.LegalRepresentative].Id, Role = AgentRole.LegalRepresentative, CreatedAt = now });
            db.Add(business);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Seeded the demo city {City}: {Departments} departments, {Citizens} citizens, {Businesses} businesses",
            CityName, departments.Count, o.Citizens, o.Businesses);
        return true;
    }

    private static readonly (string Code, string Name)[] Districts = [("371802", "东湖区"), ("371803", "西山区"), ("371804", "南城区")];

    /// <summary>
    /// The demo city's people, businesses and department credit codes, drawn from one seeded random stream in a fixed
    /// order. Pure: the hub's seeder and the demo department systems (公安局, 民政局, 市场监管局) call it with the same
    /// counts and so hold the same ID numbers, names and credit codes.
    /// </summary>
    public static DemoPopulation Population(int citizenCount, int businessCount)
    {
        var random = new Random(RandomSeed);
        var departmentCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (code, _, _) in DepartmentList)
        {
            departmentCodes[code] = CreditCode.Compose('1', '1', CityCode, RandomOrgBody(random));
        }
        var staffNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (userName, _, _) in StaffPlan())
        {
            staffNames[userName] = DemoNames.Next(random);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        string[] homeRegions = ["371802", "371803", "371804", "371802", "371803", "110105", "310104", "440305", "370102", "320106"];
        var citizens = new List<DemoPerson>();
        for (var i = 0; i < citizenCount; i++)
        {
            string name, idNumber, mobile;
            if (i == 0)
            {
                (name, idNumber, mobile) = DemoCitizen;
            }
            else
            {
                name = DemoNames.Next(random);
                do
                {
                    var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20000));
                    idNumber = IdNumber.Compose(homeRegions[random.Next(homeRegions.Length)], birth, random.Next(0, 1000), random.Next(2) == 0);
                }
                while (!used.Add(idNumber));
                mobile = $"1{"35789"[random.Next(5)]}{random.Next(0, 1_000_000_000):000000000}";
            }
            used.Add(idNumber);
            citizens.Add(new DemoPerson(name, idNumber, mobile));
        }

        string[] words = ["华信", "鑫源", "东方", "恒泰", "瑞丰", "金桥", "天成", "博远", "宏达", "新锐"];
        string[] trades = ["科技", "商贸", "餐饮", "建材", "物流", "文化传媒", "医药", "农业", "信息技术", "机械"];
        var usedCodes = new HashSet<string>(StringComparer.Ordinal);
        var businesses = new List<DemoBusiness>();
        for (var i = 0; i < businessCount && citizens.Count > 0; i++)
        {
            string code;
            do
            {
                code = CreditCode.Compose('9', '1', Districts[random.Next(Districts.Length)].Code, RandomOrgBody(random));
            }
            while (!usedCodes.Add(code));
            var name = $"示范市{words[random.Next(words.Length)]}{trades[random.Next(trades.Length)]}有限公司（{i + 1:000}）";
            businesses.Add(new DemoBusiness(name, code, code.Substring(2, 6), i % citizens.Count));
        }
        return new DemoPopulation(departmentCodes, staffNames, citizens, businesses);
    }

    /// <summary>Staff in every role. The three administrators are three different accounts (三员分立).</summary>
    public static IEnumerable<(string UserName, string[] Roles, string Department)> StaffPlan()
    {
        yield return ("sysadmin", [Roles.SystemAdmin], "dsj");
        yield return ("secadmin", [Roles.SecurityAdmin], "dsj");
        yield return ("auditor", [Roles.Auditor], "dsj");
        yield return ("supervisor", [Roles.Supervisor], "zfb");
        yield return ("evaluator", [Roles.Evaluator], "zfb");
        yield return ("mayor", [Roles.CityLeader], "zfb");
        for (var i = 1; i <= 4; i++)
        {
            yield return ($"clerk{i}", [Roles.WindowClerk], "xzsp");
        }
        foreach (var (code, _, _) in DepartmentList)
        {
            yield return ($"{code}.officer", [Roles.Officer], code);
            yield return ($"{code}.leader", [Roles.DepartmentLeader, Roles.Officer], code);
            yield return ($"{code}.data", [Roles.DataAdministrator], code);
        }
    }

    public static IReadOnlyList<DemoLogin> DemoLogins()
    {
        var names = DepartmentList.ToDictionary(d => d.Code, d => d.Name);
        return StaffPlan().Select(s => new DemoLogin(s.UserName, string.Join(",", s.Roles), names[s.Department], TotpSecretFor(s.UserName))).ToList();
    }

    /// <summary>A demo TOTP secret (Base32, RFC 4648), derived from the user name so the README can list it.</summary>
    public static string TotpSecretFor(string userName)
    {
        var bytes = Sm3.Hash(Encoding.UTF8.GetBytes("smartgov-demo-totp:" + userName))[..10];
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return sb.ToString();
    }

    public static Guid DeterministicGuid(string name)
    {
        var hash = Sm3.Hash(Encoding.UTF8.GetBytes("smartgov-demo:" + name));
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static string RandomOrgBody(Random random)
    {
        var chars = new char[8];
        for (var i = 0; i < 8; i++)
        {
            chars[i] = CreditCode.Charset[random.Next(10)]; // digits keep GB 11714 bodies plausible
        }
        return new string(chars);
    }

    private static AppUser NewUser(string? userName, string displayName, UserKind kind, string passwordHash, DateTime now)
    {
        var id = userName is null ? Guid.CreateVersion7() : DeterministicGuid("user:" + userName);
        return new AppUser
        {
            Id = id,
            UserName = userName,
            NormalizedUserName = userName?.ToUpperInvariant(),
            DisplayName = displayName,
            Kind = kind,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            CreatedAt = now,
        };
    }
}
