using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Evaluation.Model;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Evaluation.Seeding;

/// <summary>
/// The city's built-in indicator template (one-stop service, data sharing, supervision, security, innovation) and a few
/// demo e-government projects, two of which duplicate each other and one of which stands idle. Once.
/// </summary>
public sealed class EvaluationDemoSeeder(SmartGovDbContext db, TimeProvider clock)
{
    public static readonly Guid TemplateId = DemoCitySeeder.DeterministicGuid("eval:template:city");

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<IndicatorSystem>().AnyAsync(s => s.Id == TemplateId, ct))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var system = new IndicatorSystem
        {
            Id = TemplateId, Name = "示范市电子政务绩效评估指标体系（模板）", NameEn = "City e-government performance indicators (template)",
            Description = "内置模板：一网通办服务绩效、数据共享、督查督办、安全保障、改革创新。复制后按年度调整。", IsTemplate = true, CreatedAt = now, UpdatedAt = now,
        };
        var order = 0;
        Indicator Group(string code, string zh, string en, double weight, Indicator? parent = null) =>
            new() { SystemId = system.Id, ParentId = parent?.Id, Code = code, NameZh = zh, NameEn = en, Weight = weight, Kind = IndicatorKind.Group, Order = order++ };
        Indicator Auto(Indicator parent, string code, string zh, string en, double weight, string rule) =>
            new() { SystemId = system.Id, ParentId = parent.Id, Code = code, NameZh = zh, NameEn = en, Weight = weight, Kind = IndicatorKind.Automatic, RuleName = rule, Order = order++ };
        Indicator Manual(Indicator parent, string code, string zh, string en, double weight, double max, string rubric) =>
            new() { SystemId = system.Id, ParentId = parent.Id, Code = code, NameZh = zh, NameEn = en, Weight = weight, Kind = IndicatorKind.Manual, MaxScore = max, Rubric = rubric, Order = order++ };

        var a = Group("A", "一网通办服务绩效", "One-stop service performance", 35);
        var b = Group("B", "数据共享", "Data sharing", 20);
        var c = Group("C", "督查督办", "Supervision of key work", 20);
        var d = Group("D", "安全保障", "Security", 15);
        var e = Group("E", "改革创新", "Innovation", 10);
        system.Indicators =
        [
            a,
            Auto(a, "A1", "网上办理率", "Online handling rate", 20, "onestop.online-rate"),
            Auto(a, "A2", "零跑动率", "Zero-visit rate", 15, "onestop.zero-visit-rate"),
            Auto(a, "A3", "按时办结率", "On-time completion rate", 25, "onestop.on-time-rate"),
            Auto(a, "A4", "补正率（越低越好）", "Supplement rate (lower is better)", 10, "onestop.supplement-rate"),
            Auto(a, "A5", "好差评平均分", "Average rating score", 20, "ratings.average-score"),
            Auto(a, "A6", "差评整改办结率", "Rectification closure rate", 10, "ratings.rectification-closure"),
            b,
            Auto(b, "B1", "信息资源编目", "Resources catalogued", 30, "sharing.resources-catalogued"),
            Auto(b, "B2", "共享申请响应", "Sharing requests served", 30, "sharing.requests-served"),
            Auto(b, "B3", "共享申请办理时长", "Sharing request turnaround", 20, "sharing.turnaround"),
            Auto(b, "B4", "数据交换调用量", "Exchange calls served", 20, "exchange.calls-served"),
            c,
            Auto(c, "C1", "重点任务按时办结率", "Key tasks completed on time", 70, "supervision.on-time"),
            Manual(c, "C2", "督办工作质量", "Quality of supervised work", 30, 100, "反馈及时、材料翔实、无驳回重办得满分；每次驳回重办扣 10 分；反馈敷衍的酌情扣分。"),
            d,
            Auto(d, "D1", "个人信息访问审计覆盖率", "Audit coverage of personal-data reads", 50, "security.audit-coverage"),
            Auto(d, "D2", "网络安全事件", "Security incidents", 50, "security.incidents"),
            e,
            Manual(e, "E1", "改革创新举措", "Innovative measures", 100, 10, "有国家级推广的创新举措 10 分，省级 7 分，市级 4 分，无创新举措 0 分；须提供佐证材料。"),
        ];
        db.Add(system);

        static Guid Dept(string code) => DemoCitySeeder.DeterministicGuid("dept:" + code);
        var today = ChinaTime.Today(clock);
        var year = today.Year;
        db.AddRange(
            new EgovProject
            {
                Id = DemoCitySeeder.DeterministicGuid("eval:project:1"), Name = "市场主体登记智能审批系统", DepartmentId = Dept("scjg"), Year = year - 1, Budget = 480, Spend = 455,
                Goals = "企业开办一日办结，全程网办率 90% 以上", CreatedAt = now,
                Systems = [new ProjectSystem { Name = "企业开办一网通办平台", Keywords = "企业开办、网上申报、电子签名、材料核验", Status = SystemStatus.Live, LastUsedOn = today.AddDays(-1), MonthlyUsers = 3200 }],
            },
            new EgovProject
            {
                Id = DemoCitySeeder.DeterministicGuid("eval:project:2"), Name = "政务服务网上申报系统", DepartmentId = Dept("xzsp"), Year = year - 1, Budget = 300, Spend = 310,
                Goals = "统一受理全市政务服务事项", CreatedAt = now,
                Systems = [new ProjectSystem { Name = "网上申报受理系统", Keywords = "网上申报、电子签名、材料核验、统一受理", Status = SystemStatus.Live, LastUsedOn = today.AddDays(-2), MonthlyUsers = 5100 }],
            },
            new EgovProject
            {
                Id = DemoCitySeeder.DeterministicGuid("eval:project:3"), Name = "社区网格信息采集系统", DepartmentId = Dept("mzj"), Year = year - 3, Budget = 150, Spend = 149,
                Goals = "社区人口、房屋信息网格化采集", CreatedAt = now,
                Systems = [new ProjectSystem { Name = "网格采集 App", Keywords = "网格、人口采集、房屋采集", Status = SystemStatus.Live, LastUsedOn = today.AddDays(-200), MonthlyUsers = 0 }],
            });
        await db.SaveChangesAsync(ct);
    }
}
