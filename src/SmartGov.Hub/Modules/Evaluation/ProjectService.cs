using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Evaluation.Model;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Evaluation;

/// <summary>
/// E-government project evaluation (建设项目绩效评价): projects with budget, spend, goals and the systems they build,
/// scored on five equally weighted dimensions; flags systems that duplicate another department's (重复建设) or stand idle.
/// Departments register and see their own projects; supervisors and evaluators see all and evaluate.
/// </summary>
public sealed partial class ProjectService(SmartGovDbContext db, IAuditSink audit, TimeProvider clock, IOrganizationDirectory organizations,
    IOptions<EvaluationOptions> options)
{
    public static bool MaySeeAll(ClaimsPrincipal user) => EvaluationAccess.IsLead(user) || EvaluationAccess.IsEvaluator(user);

    public async Task<IReadOnlyList<ProjectView>> ListAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var all = await LoadAsync(ct);
        var flags = Flags(all);
        var names = await NamesAsync(ct);
        var own = user.GetDepartmentId();
        return all.Where(p => MaySeeAll(user) || (EvaluationAccess.IsDepartmentStaff(user) && p.DepartmentId == own))
            .OrderBy(p => names.GetValueOrDefault(p.DepartmentId), StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => View(p, flags, names)).ToList();
    }

    public async Task<EvalResult<ProjectView>> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var all = await LoadAsync(ct);
        var p = all.SingleOrDefault(x => x.Id == id);
        if (p is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySeeAll(user) && !(EvaluationAccess.IsDepartmentStaff(user) && user.GetDepartmentId() == p.DepartmentId))
        {
            return new(null, Forbidden: ("只能查看本部门的建设项目", "You may see only your department's projects."));
        }
        return View(p, Flags(all), await NamesAsync(ct));
    }

    public async Task<EvalResult<ProjectView>> CreateAsync(ClaimsPrincipal user, ProjectInput input, CancellationToken ct)
    {
        var dept = input.DepartmentId ?? user.GetDepartmentId();
        if (!EvaluationAccess.IsLead(user) && !(dept is { } d0 && EvaluationAccess.MayActForDepartment(user, d0)))
        {
            return new(null, Forbidden: ("只有督查人员或本部门负责人、数据管理员可以登记建设项目",
                "Only supervisors, or the department's leader or data administrator, may register a project."));
        }
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "项目名称", "The project name");
        if (dept is not { } d || await organizations.FindDepartmentAsync(d, ct) is null)
        {
            errors.Add("departmentId", "department.unknown", "请选择存在的部门", "Choose an existing department.");
        }
        if (input.Year is not (>= 2000 and <= 2100))
        {
            errors.Add("year", "year.range", "请填写 2000 到 2100 之间的年度", "The year must be between 2000 and 2100.");
        }
        if (input.Budget is not (>= 0 and < 10_000_000))
        {
            errors.Add("budget", "budget.range", "预算（万元）应为非负数", "The budget (in 10,000 yuan) must be a non-negative number.");
        }
        if (input.Spend is not (>= 0 and < 10_000_000))
        {
            errors.Add("spend", "spend.range", "支出（万元）应为非负数", "The spend (in 10,000 yuan) must be a non-negative number.");
        }
        if (input.Goals is { Length: > 4000 })
        {
            errors.Add("goals", "too-long", "建设目标不能超过 4000 个字符", "The goals must be at most 4000 characters.");
        }
        var systems = input.Systems ?? [];
        var parsed = new List<ProjectSystem>();
        for (var i = 0; i < systems.Count; i++)
        {
            var s = systems[i];
            var f = $"systems[{i}]";
            var ok = errors.Required(f + ".name", s.Name, $"第 {i + 1} 个系统的名称", $"The name of system {i + 1}");
            var keywords = Keywords(s.Keywords);
            if (keywords.Count == 0)
            {
                errors.Add(f + ".keywords", "required", $"第 {i + 1} 个系统需要功能关键词（以顿号或逗号分隔）", $"System {i + 1} needs function keywords (separated by commas).");
                ok = false;
            }
            var status = SystemStatus.Live;
            if (s.Status is not null && (!Enum.TryParse(s.Status, true, out status) || !Enum.IsDefined(status) || int.TryParse(s.Status, out _)))
            {
                errors.Add(f + ".status", "status.unknown", "系统状态应为 Live（在用）或 Idle（闲置）", "The status must be Live or Idle.");
                ok = false;
            }
            if (s.MonthlyUsers is < 0)
            {
                errors.Add(f + ".monthlyUsers", "range", "月活跃用户数不能为负数", "Monthly users cannot be negative.");
                ok = false;
            }
            if (ok)
            {
                parsed.Add(new ProjectSystem
                {
                    Name = s.Name!.Trim(), Keywords = string.Join("、", keywords), Status = status, LastUsedOn = s.LastUsedOn, MonthlyUsers = s.MonthlyUsers ?? 0,
                });
            }
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var project = new EgovProject
        {
            Name = input.Name!.Trim(), DepartmentId = dept!.Value, Year = input.Year!.Value, Budget = input.Budget!.Value, Spend = input.Spend!.Value,
            Goals = string.IsNullOrWhiteSpace(input.Goals) ? null : input.Goals.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime, Systems = parsed,
        };
        db.Add(project);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "evaluation-project", SubjectId: project.Id.ToString(),
            Details: $"建设项目 {project.Name}（{parsed.Count} 个系统）"));
        await db.SaveChangesAsync(ct);
        return await GetAsync(user, project.Id, ct);
    }

    public async Task<EvalResult<ProjectView>> EvaluateAsync(ClaimsPrincipal user, Guid id, ProjectEvaluationInput input, CancellationToken ct)
    {
        var project = await db.Set<EgovProject>().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySeeAll(user))
        {
            return new(null, Forbidden: ("只有督查人员和评估人员可以评价建设项目", "Only supervisors and evaluators may evaluate projects."));
        }
        var errors = new FieldErrors();
        void Check(string field, double? v, string zh, string en)
        {
            if (v is not (>= 0 and <= 100))
            {
                errors.Add(field, "score.range", $"{zh}得分应在 0 到 100 之间", $"The {en} score must be between 0 and 100.");
            }
        }
        Check("costBenefit", input.CostBenefit, "成本效益", "cost-benefit");
        Check("applicationEffect", input.ApplicationEffect, "应用成效", "application effect");
        Check("collaboration", input.Collaboration, "协同共享", "collaboration and sharing");
        Check("security", input.Security, "安全保密", "security and confidentiality");
        Check("innovation", input.Innovation, "创新服务", "innovative service");
        if (input.Comment is { Length: > 2000 })
        {
            errors.Add("comment", "too-long", "评价意见不能超过 2000 个字符", "The comment must be at most 2000 characters.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var before = Total(project);
        project.CostBenefit = input.CostBenefit;
        project.ApplicationEffect = input.ApplicationEffect;
        project.Collaboration = input.Collaboration;
        project.Security = input.Security;
        project.Innovation = input.Innovation;
        project.EvaluationComment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        project.EvaluatedAt = clock.GetUtcNow().UtcDateTime;
        project.EvaluatedBy = user.FindFirst(SmartGovClaims.DisplayName)?.Value ?? user.Identity?.Name;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: "evaluation-project", SubjectId: project.Id.ToString(),
            Details: $"项目评价 {project.Name}：{(before is { } b ? b.ToString("0.##", CultureInfo.InvariantCulture) : "—")} → {Total(project)!.Value.ToString("0.##", CultureInfo.InvariantCulture)}"));
        await db.SaveChangesAsync(ct);
        return await GetAsync(user, id, ct);
    }

    /// <summary>The five dimensions weigh the same (20 each).</summary>
    public static double? Total(EgovProject p) =>
        p.CostBenefit is { } a && p.ApplicationEffect is { } b && p.Collaboration is { } c && p.Security is { } d && p.Innovation is { } e
            ? Math.Round((a + b + c + d + e) / 5, 2) : null;

    private async Task<List<EgovProject>> LoadAsync(CancellationToken ct) =>
        await db.Set<EgovProject>().AsNoTracking().Include(p => p.Systems).ToListAsync(ct);

    private async Task<Dictionary<Guid, string>> NamesAsync(CancellationToken ct) =>
        (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => Problems.IsChinese ? d.Name : d.NameEn ?? d.Name);

    [GeneratedRegex("[、,，;；/\\s]+")]
    private static partial Regex Separators();

    public static IReadOnlyList<string> Keywords(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : Separators().Split(text).Select(k => k.Trim().ToLowerInvariant()).Where(k => k.Length > 0).Distinct().ToList();

    public static double Jaccard(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b)
    {
        var union = a.Union(b).Count();
        return union == 0 ? 0 : (double)a.Intersect(b).Count() / union;
    }

    /// <summary>
    /// Overlap: a system whose function keywords are at least <see cref="EvaluationOptions.OverlapThreshold"/> similar
    /// (Jaccard) to a system of another department. Idle: marked idle, unused for more than
    /// <see cref="EvaluationOptions.IdleDays"/> days (or never), or without monthly users.
    /// </summary>
    internal Dictionary<Guid, List<ProjectFlag>> Flags(IReadOnlyList<EgovProject> projects)
    {
        var o = options.Value;
        var today = ChinaTime.Today(clock);
        var systems = projects.SelectMany(p => p.Systems.Select(s => (Project: p, System: s, Keys: Keywords(s.Keywords)))).ToList();
        var flags = systems.ToDictionary(s => s.System.Id, _ => new List<ProjectFlag>());
        for (var i = 0; i < systems.Count; i++)
        {
            for (var j = i + 1; j < systems.Count; j++)
            {
                var (a, b) = (systems[i], systems[j]);
                if (a.Project.DepartmentId == b.Project.DepartmentId)
                {
                    continue;
                }
                var sim = Jaccard(a.Keys, b.Keys);
                if (sim >= o.OverlapThreshold)
                {
                    var common = string.Join("、", a.Keys.Intersect(b.Keys));
                    var pct = (sim * 100).ToString("0", CultureInfo.InvariantCulture);
                    flags[a.System.Id].Add(new ProjectFlag("Overlap", a.System.Id, a.System.Name,
                        $"疑似重复建设：与“{b.System.Name}”功能关键词相似度 {pct}%（共同：{common}）",
                        $"Possible duplicate: {pct}% keyword similarity with “{b.System.Name}” (shared: {common})", b.System.Id, b.System.Name, b.Project.DepartmentId, Math.Round(sim, 4)));
                    flags[b.System.Id].Add(new ProjectFlag("Overlap", b.System.Id, b.System.Name,
                        $"疑似重复建设：与“{a.System.Name}”功能关键词相似度 {pct}%（共同：{common}）",
                        $"Possible duplicate: {pct}% keyword similarity with “{a.System.Name}” (shared: {common})", a.System.Id, a.System.Name, a.Project.DepartmentId, Math.Round(sim, 4)));
                }
            }
        }
        foreach (var (_, s, _) in systems)
        {
            if (s.Status == SystemStatus.Idle)
            {
                flags[s.Id].Add(new ProjectFlag("Idle", s.Id, s.Name, "系统已标记为闲置", "The system is marked idle."));
            }
            else if (s.LastUsedOn is not { } last)
            {
                flags[s.Id].Add(new ProjectFlag("Idle", s.Id, s.Name, "系统从未使用", "The system has never been used."));
            }
            else if (today.DayNumber - last.DayNumber > o.IdleDays)
            {
                flags[s.Id].Add(new ProjectFlag("Idle", s.Id, s.Name, $"已 {today.DayNumber - last.DayNumber} 天未使用（超过 {o.IdleDays} 天）",
                    $"Not used for {today.DayNumber - last.DayNumber} days (more than {o.IdleDays})."));
            }
            else if (s.MonthlyUsers == 0)
            {
                flags[s.Id].Add(new ProjectFlag("Idle", s.Id, s.Name, "月活跃用户为 0", "No monthly users."));
            }
        }
        return flags;
    }

    private static ProjectView View(EgovProject p, Dictionary<Guid, List<ProjectFlag>> flags, Dictionary<Guid, string> names) =>
        new(p.Id, p.Name, p.DepartmentId, names.GetValueOrDefault(p.DepartmentId, p.DepartmentId.ToString()), p.Year, p.Budget, p.Spend,
            p.Budget == 0 ? null : Math.Round(100 * p.Spend / p.Budget, 1), p.Goals,
            p.Systems.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new ProjectSystemView(s.Id, s.Name, Keywords(s.Keywords), s.Status.ToString(),
                s.LastUsedOn, s.MonthlyUsers, flags.GetValueOrDefault(s.Id) ?? [])).ToList(),
            p.CostBenefit, p.ApplicationEffect, p.Collaboration, p.Security, p.Innovation, Total(p), p.EvaluationComment, p.EvaluatedAt, p.EvaluatedBy);
}
