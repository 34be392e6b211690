using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Supervision.Model;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Supervision.Seeding;

/// <summary>A few demo key tasks for the demo city, once.</summary>
public sealed class SupervisionDemoSeeder(SmartGovDbContext db, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Set<KeyTask>().AnyAsync(ct))
        {
            return;
        }
        var today = ChinaTime.Today(clock);
        static Guid Dept(string code) => DemoCitySeeder.DeterministicGuid("dept:" + code);
        var now = clock.GetUtcNow().UtcDateTime;

        var t1 = new KeyTask { Id = DemoCitySeeder.DeterministicGuid("sup:task:1"), Title = "推进“高效办成一件事”重点事项清单落地", Source = TaskSource.WorkReport, Priority = TaskPriority.High, DueOn = today.AddMonths(3), CreatedAt = now };
        var t2 = new KeyTask { Id = DemoCitySeeder.DeterministicGuid("sup:task:2"), Title = "市长批示：老旧小区加装电梯审批提速", Source = TaskSource.LeaderInstruction, Priority = TaskPriority.Urgent, DueOn = today.AddMonths(1), CreatedAt = now };
        var t3 = new KeyTask { Id = DemoCitySeeder.DeterministicGuid("sup:task:3"), Title = "关于优化义务教育入学报名的建议（人大建议第 12 号）", Source = TaskSource.Proposal, Priority = TaskPriority.Normal, DueOn = today.AddMonths(2), CreatedAt = now };
        db.AddRange(t1, t2, t3);
        db.AddRange(
            new SubTask { KeyTaskId = t1.Id, Title = "梳理“一件事”事项清单并公布", LeadDepartmentId = Dept("xzsp"), DueOn = today.AddMonths(1), Weight = 2, Status = SubTaskStatus.InProgress, AssignedOn = today.AddDays(-10), SignedOn = today.AddDays(-9), Percent = 40,
                CoDepartments = [new SubTaskCoDepartment { DepartmentId = Dept("dsj") }], Milestones = [new Milestone { Title = "清单初稿", DueOn = today.AddDays(14) }] },
            new SubTask { KeyTaskId = t1.Id, Title = "打通跨部门数据共享接口", LeadDepartmentId = Dept("dsj"), DueOn = today.AddMonths(2), Weight = 1, Status = SubTaskStatus.Assigned, AssignedOn = today, SignDueOn = today.AddDays(3) },
            new SubTask { KeyTaskId = t2.Id, Title = "制定加装电梯并联审批流程", LeadDepartmentId = Dept("zjj"), DueOn = today.AddMonths(1), Status = SubTaskStatus.Registered,
                CoDepartments = [new SubTaskCoDepartment { DepartmentId = Dept("zrzy") }, new SubTaskCoDepartment { DepartmentId = Dept("scjg") }] },
            new SubTask { KeyTaskId = t3.Id, Title = "上线义务教育入学网上报名", LeadDepartmentId = Dept("jyj"), DueOn = today.AddMonths(2), Status = SubTaskStatus.SignedFor, AssignedOn = today.AddDays(-3), SignedOn = today.AddDays(-2) });
        await db.SaveChangesAsync(ct);
    }
}
