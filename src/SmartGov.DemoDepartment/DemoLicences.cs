using System.Globalization;
using SmartGov.Core;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Seeding;

namespace SmartGov.DemoDepartment;

/// <summary>
/// The demo departments' licences, derived only from the demo population, so every run (and the hub) agrees:
/// 公安局 an identity card per citizen and households of one to three people; 民政局 a marriage certificate for each
/// couple in a household; 市场监管局 a business licence per demo business. The demo citizen 张明华 lives in a household
/// with his mother and is unmarried, so 户口迁移 and 结婚登记 both make sense for him.
/// </summary>
public static class DemoLicences
{
    private static readonly DateOnly Epoch = new(2026, 1, 1);
    private static readonly string[] Streets = ["人民路", "和平路", "建设大街", "文化路", "长青路", "光明街", "新华路", "江滨路"];
    private static readonly Dictionary<string, string> DistrictNames = new() { ["371802"] = "东湖区", ["371803"] = "西山区", ["371804"] = "南城区" };

    public static IEnumerable<LicenceDocument> For(string department, DemoPopulation population) => department switch
    {
        "gaj" => IdentityCards(population).Concat(Households(population).Select(h => h.Register)),
        "mzj" => Marriages(population),
        "scjg" => BusinessLicences(population),
        _ => [],
    };

    private static string Name(string code) => DemoCitySeeder.DepartmentList.First(d => d.Code == code).Name;

    private static IEnumerable<LicenceDocument> IdentityCards(DemoPopulation population)
    {
        for (var i = 0; i < population.Citizens.Count; i++)
        {
            var p = population.Citizens[i];
            var birth = IdNumber.BirthDate(p.IdNumber);
            var age = Epoch.Year - birth.Year;
            if (age < 16)
            {
                continue;
            }
            // 居民身份证法 第五条: valid 10 years (16–25), 20 years (26–45), long-term from 46.
            var issued = i == 0 ? new DateOnly(2016, 3, 1) : Epoch.AddDays(-(365 + (i * 37 % 3000)));
            var ageAtIssue = issued.Year - birth.Year;
            DateOnly? validTo = ageAtIssue >= 46 ? null : issued.AddYears(ageAtIssue < 26 ? 10 : 20);
            var district = DistrictNames.GetValueOrDefault(p.IdNumber[..6], "东湖区");
            yield return new LicenceDocument(p.IdNumber, "gaj.resident-id-card", "居民身份证", p.IdNumber, p.Name, "gaj", Name("gaj"),
                issued, validTo, LicenceDocument.Valid, new Dictionary<string, string>
                {
                    ["sex"] = IdNumber.IsMale(p.IdNumber) ? "男" : "女",
                    ["nation"] = "汉",
                    ["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["address"] = Address(i, district),
                    ["issuingAuthority"] = $"示范市公安局{district}分局",
                });
        }
    }

    private sealed record Household(string Number, string Address, List<(int Index, string Relation)> Members, LicenceDocument Register);

    private static string Address(int i, string district) => $"示范市{district}{Streets[i % Streets.Length]}{i % 200 + 1}号";

    private static List<Household> Households(DemoPopulation population)
    {
        var people = population.Citizens;
        var result = new List<Household>();
        var i = 0;
        var seq = 0;
        while (i < people.Count)
        {
            var members = new List<(int, string)>();
            if (i == 0)
            {
                // The demo citizen: head of a household he shares with his mother.
                members.Add((0, "户主"));
                if (people.Count > 1)
                {
                    members.Add((1, "母亲"));
                }
            }
            else
            {
                var size = 1 + (i % 3);
                for (var k = 0; k < size && i + k < people.Count; k++)
                {
                    var relation = k == 0 ? "户主"
                        : k == 1 && Couple(people[i].IdNumber, people[i + 1].IdNumber) ? "配偶"
                        : "其他";
                    members.Add((i + k, relation));
                }
            }
            i += members.Count;
            seq++;
            var head = people[members[0].Item1];
            var district = DistrictNames.GetValueOrDefault(head.IdNumber[..6], "东湖区");
            var number = $"{(DistrictNames.ContainsKey(head.IdNumber[..6]) ? head.IdNumber[..6] : "371802")}{seq:000000000}";
            var address = Address(members[0].Item1, district);
            var persons = members.Select(m => new LicencePerson(people[m.Item1].Name, people[m.Item1].IdNumber, m.Item2)).ToList();
            foreach (var (index, relation) in members)
            {
                var p = people[index];
                // Every member holds the same register; one record per member so it is found by the member's ID number.
                var register = new LicenceDocument($"HK{number}-{index:0000}", "gaj.household-register", "居民户口簿", p.IdNumber, p.Name, "gaj", Name("gaj"),
                    new DateOnly(2012, 5, 1).AddDays(seq % 3000), null, LicenceDocument.Valid, new Dictionary<string, string>
                    {
                        ["householdNumber"] = number,
                        ["householdType"] = "家庭户",
                        ["address"] = address,
                        ["relation"] = relation,
                        ["householder"] = head.Name,
                    }, persons);
                result.Add(new Household(number, address, members, register));
            }
        }
        return result;
    }

    /// <summary>A man and a woman of marriageable age (民法典 第一千零四十七条: 22 and 20).</summary>
    private static bool Couple(string a, string b)
    {
        if (IdNumber.IsMale(a) == IdNumber.IsMale(b))
        {
            return false;
        }
        var (man, woman) = IdNumber.IsMale(a) ? (a, b) : (b, a);
        return Epoch.Year - IdNumber.BirthDate(man).Year >= 22 && Epoch.Year - IdNumber.BirthDate(woman).Year >= 20;
    }

    private static IEnumerable<LicenceDocument> Marriages(DemoPopulation population)
    {
        var seq = 0;
        foreach (var register in Households(population).Select(h => h.Register).Where(r => r.Data!["relation"] == "户主" && r.Persons!.Count >= 2 && r.Persons[1].Relation == "配偶"))
        {
            var (a, b) = (register.Persons![0], register.Persons[1]);
            seq++;
            var youngerBirth = new[] { IdNumber.BirthDate(a.IdNumber), IdNumber.BirthDate(b.IdNumber) }.Max();
            var registered = youngerBirth.AddYears(24).AddDays(seq % 300);
            if (registered > Epoch)
            {
                registered = Epoch.AddDays(-(seq % 300) - 1);
            }
            var couple = new List<LicencePerson> { new(a.Name, a.IdNumber, IdNumber.IsMale(a.IdNumber) ? "男方" : "女方"), new(b.Name, b.IdNumber, IdNumber.IsMale(b.IdNumber) ? "男方" : "女方") };
            foreach (var (holder, n) in new[] { (a, 1), (b, 2) })
            {
                yield return new LicenceDocument($"J371800-{registered.Year}-{seq:000000}{n}", "mzj.marriage-certificate", "结婚证", holder.IdNumber, holder.Name, "mzj", Name("mzj"),
                    registered, null, LicenceDocument.Valid, new Dictionary<string, string>
                    {
                        ["registeredOn"] = registered.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["registrationOffice"] = "示范市民政局婚姻登记处",
                        ["maritalStatus"] = "已婚",
                    }, couple);
            }
        }
    }

    private static IEnumerable<LicenceDocument> BusinessLicences(DemoPopulation population)
    {
        string[] capitals = ["50", "100", "200", "500", "1000"];
        for (var i = 0; i < population.Businesses.Count; i++)
        {
            var b = population.Businesses[i];
            var rep = population.Citizens[b.LegalRepresentative];
            var founded = new DateOnly(2015, 1, 5).AddDays(i * 53 % 3800);
            yield return new LicenceDocument(b.CreditCode, "scjg.business-licence", "营业执照", b.CreditCode, b.Name, "scjg", Name("scjg"),
                founded, null, LicenceDocument.Valid, new Dictionary<string, string>
                {
                    ["entityType"] = "有限责任公司（自然人投资或控股）",
                    ["legalRepresentative"] = rep.Name,
                    ["registeredCapital"] = capitals[i % capitals.Length] + " 万元",
                    ["establishedOn"] = founded.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["address"] = $"示范市{DistrictNames.GetValueOrDefault(b.RegionCode, "东湖区")}{Streets[(i + 3) % Streets.Length]}{i + 10}号",
                    ["businessScope"] = "一般项目：技术服务、技术开发、技术咨询；销售代理（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
                    ["registrationAuthority"] = "示范市市场监督管理局",
                });
        }
    }
}
