using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Evaluation.Model;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Evaluation;

/// <summary>
/// Evaluation rounds: self-assessment → blind third-party scoring → reconciliation → aggregation and ranking (closing
/// freezes every value) → publication. A closed or published round never changes: every write answers 409.
/// </summary>
public sealed class RoundService(SmartGovDbContext db, IAuditSink audit, IndicatorRuleRegistry rules, TimeProvider clock,
    IOrganizationDirectory organizations, IPersonDirectory people, MaterialFiles files)
{
    public const string SubjectType = "evaluation-round";
    public const string EvidenceSubject = "evaluation-evidence";

    public static readonly IReadOnlyList<string> Actions = ["OpenScoring", "StartReconciliation", "Close", "Publish"];

    public static (string Zh, string En) StatusNames(RoundStatus s) => s switch
    {
        RoundStatus.SelfAssessment => ("部门自评", "Self-assessment"),
        RoundStatus.ThirdParty => ("第三方评估", "Third-party scoring"),
        RoundStatus.Reconciliation => ("复核确认", "Reconciliation"),
        RoundStatus.Closed => ("已汇总排名（已关闭）", "Aggregated and ranked (closed)"),
        _ => ("已公布", "Published"),
    };

    private static readonly (string Zh, string En) ClosedMessage =
        ("该评估轮次已关闭，结果不可更改", "This evaluation round is closed; its results cannot change.");

    // ---- create and list ----

    public async Task<EvalResult<RoundView>> CreateAsync(ClaimsPrincipal user, RoundInput input, CancellationToken ct)
    {
        if (!EvaluationAccess.IsLead(user))
        {
            return new(null, Forbidden: ("只有督查人员（评估牵头人）可以发起评估", "Only supervisors (the evaluation lead) may start a round."));
        }
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "轮次名称", "The name");
        if (!Enum.TryParse<RoundKind>(input.Kind, true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
        {
            errors.Add("kind", "kind.unknown", "评估周期应为 Annual（年度）或 Quarterly（季度）", "The kind must be Annual or Quarterly.");
        }
        if (input.PeriodFrom is not { } from || input.PeriodTo is not { } to)
        {
            errors.Add("periodFrom", "required", "请填写评估期间的起止日期", "The period's first and last days are required.");
        }
        else if (to < from)
        {
            errors.Add("periodTo", "period.order", "评估期间的结束日期不能早于开始日期", "The period cannot end before it starts.");
        }
        var system = input.SystemId is { } sid
            ? await db.Set<IndicatorSystem>().AsNoTracking().Include(s => s.Indicators).SingleOrDefaultAsync(s => s.Id == sid, ct)
            : null;
        if (system is null || system.Indicators.Count == 0)
        {
            errors.Add("systemId", "system.unknown", "请选择存在的指标体系", "Choose an existing indicator system.");
        }
        var active = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).Select(d => d.Id).ToHashSet();
        var depts = (input.DepartmentIds ?? []).Distinct().ToList();
        if (depts.Count == 0 || depts.Any(d => !active.Contains(d)))
        {
            errors.Add("departmentIds", "department.unknown", "请选择参评部门（须为存在且启用的部门）", "Choose the departments to evaluate (existing, active departments).");
        }
        var evaluators = new List<StaffInfo>();
        foreach (var e in (input.EvaluatorIds ?? []).Distinct())
        {
            var staff = await people.FindStaffAsync(e, ct);
            if (staff is null || !staff.Active || !staff.Roles.Contains(Roles.Evaluator))
            {
                errors.Add("evaluatorIds", "evaluator.unknown", "评估人员须为具有“评估人员”角色的在职工作人员", "Each evaluator must be an active staff member with the Evaluator role.");
                break;
            }
            evaluators.Add(staff);
        }
        if (evaluators.Count == 0 && !errors.All.Any(x => x.Field == "evaluatorIds"))
        {
            errors.Add("evaluatorIds", "required", "请至少指定一名第三方评估人员", "Name at least one third-party evaluator.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var round = new EvaluationRound
        {
            Name = input.Name!.Trim(), Kind = kind, PeriodFrom = input.PeriodFrom!.Value, PeriodTo = input.PeriodTo!.Value, SystemId = system!.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        round.Departments = depts.Select(d => new RoundDepartment { RoundId = round.Id, DepartmentId = d }).ToList();
        round.Evaluators = evaluators.Select(e => new RoundEvaluator { RoundId = round.Id, UserId = e.Id, DisplayName = e.DisplayName }).ToList();
        db.Add(round);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: SubjectType, SubjectId: round.Id.ToString(),
            Details: $"发起评估 {round.Name} {round.PeriodFrom:yyyy-MM-dd}~{round.PeriodTo:yyyy-MM-dd}，{depts.Count} 个部门，{evaluators.Count} 名评估人员"));
        await db.SaveChangesAsync(ct);
        return await ViewAsync(user, round, ct);
    }

    public async Task<IReadOnlyList<RoundView>> ListAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var rounds = await Rounds().OrderByDescending(r => r.PeriodTo).ThenBy(r => r.Name).ToListAsync(ct);
        var result = new List<RoundView>();
        foreach (var r in rounds.Where(r => MaySee(user, r)))
        {
            result.Add(await ViewAsync(user, r, ct));
        }
        return result;
    }

    public async Task<EvalResult<RoundView>> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var round = await Rounds().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null)
        {
            return new(null, NotFound: true);
        }
        return MaySee(user, round) ? await ViewAsync(user, round, ct) : NotYours<RoundView>();
    }

    private IQueryable<EvaluationRound> Rounds() =>
        db.Set<EvaluationRound>().AsNoTracking().Include(r => r.Departments).Include(r => r.Evaluators).AsSplitQuery();

    /// <summary>The lead sees every round; an evaluator the rounds they score; department staff the rounds their department is in.</summary>
    public static bool MaySee(ClaimsPrincipal user, EvaluationRound r) =>
        EvaluationAccess.IsLead(user)
        || (EvaluationAccess.IsEvaluator(user) && r.Evaluators.Any(e => e.UserId == user.GetUserId()))
        || (EvaluationAccess.IsDepartmentStaff(user) && r.Departments.Any(d => d.DepartmentId == user.GetDepartmentId()));

    private static bool IsAssignedEvaluator(ClaimsPrincipal user, EvaluationRound r) =>
        EvaluationAccess.IsEvaluator(user) && r.Evaluators.Any(e => e.UserId == user.GetUserId());

    private static bool IsFrozen(EvaluationRound r) => r.Status >= RoundStatus.Closed;

    private async Task<RoundView> ViewAsync(ClaimsPrincipal user, EvaluationRound r, CancellationToken ct)
    {
        var names = await DepartmentNamesAsync(ct);
        var systemName = await db.Set<IndicatorSystem>().AsNoTracking().Where(s => s.Id == r.SystemId).Select(s => s.Name).SingleAsync(ct);
        var published = r.Status == RoundStatus.Published;
        var all = EvaluationAccess.IsLead(user) || IsAssignedEvaluator(user, r) || published;
        var own = user.GetDepartmentId();
        // Before publication a department sees only itself, and its result only once the round is closed; so does its leader.
        var depts = r.Departments.Where(d => all || d.DepartmentId == own)
            .Select(d => new RoundDepartmentView(d.DepartmentId, names.GetValueOrDefault(d.DepartmentId, d.DepartmentId.ToString()),
                IsFrozen(r) && (EvaluationAccess.IsLead(user) || published || d.DepartmentId == own) ? d.Total : null,
                IsFrozen(r) && (EvaluationAccess.IsLead(user) || published) ? d.Rank : null))
            .OrderBy(d => d.Rank ?? int.MaxValue).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
        var allowed = EvaluationAccess.IsLead(user) ? Next(r.Status) is { } a ? [a] : new List<string>() : [];
        var (zh, en) = StatusNames(r.Status);
        return new RoundView(r.Id, r.Name, r.Kind.ToString(), r.PeriodFrom, r.PeriodTo, r.SystemId, systemName, r.Status.ToString(),
            Problems.IsChinese ? zh : en, r.Revision, depts,
            EvaluationAccess.IsLead(user) || IsAssignedEvaluator(user, r) ? r.Evaluators.Select(e => new EvaluatorView(e.UserId, e.DisplayName)).ToList() : [],
            allowed, r.ClosedAt, r.PublishedAt);
    }

    private static string? Next(RoundStatus s) => s switch
    {
        RoundStatus.SelfAssessment => "OpenScoring",
        RoundStatus.ThirdParty => "StartReconciliation",
        RoundStatus.Reconciliation => "Close",
        RoundStatus.Closed => "Publish",
        _ => null,
    };

    private async Task<Dictionary<Guid, string>> DepartmentNamesAsync(CancellationToken ct) =>
        (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => Problems.IsChinese ? d.Name : d.NameEn ?? d.Name);

    // ---- steps ----

    public async Task<EvalResult<RoundView>> ActAsync(ClaimsPrincipal user, Guid id, RoundActionInput input, CancellationToken ct)
    {
        var round = await db.Set<EvaluationRound>().Include(r => r.Departments).Include(r => r.Evaluators).AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null)
        {
            return new(null, NotFound: true);
        }
        if (!EvaluationAccess.IsLead(user))
        {
            return new(null, Forbidden: ("只有督查人员（评估牵头人）可以推进评估步骤", "Only supervisors (the evaluation lead) may move a round to its next step."));
        }
        if (round.Status == RoundStatus.Published)
        {
            return new(null, Conflict: ClosedMessage);
        }
        if (input.Action is null || !Actions.Contains(input.Action, StringComparer.OrdinalIgnoreCase))
        {
            return new(null, [new FieldError("action", "action.unknown", "操作应为 OpenScoring、StartReconciliation、Close 或 Publish",
                "The action must be OpenScoring, StartReconciliation, Close or Publish.")]);
        }
        if (input.Revision is { } rev && rev != round.Revision)
        {
            return new(null, Conflict: ("评估轮次已被他人更新，请刷新后重试", "Someone else changed the round; reload and try again."));
        }
        var expected = Next(round.Status);
        if (!string.Equals(expected, input.Action, StringComparison.OrdinalIgnoreCase))
        {
            var (zh, en) = StatusNames(round.Status);
            return IsFrozen(round)
                ? new(null, Conflict: ClosedMessage)
                : new(null, Conflict: ($"当前步骤为“{zh}”，不能执行 {input.Action}", $"The round is at “{en}”; {input.Action} is not possible now."));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var from = round.Status;
        switch (round.Status)
        {
            case RoundStatus.SelfAssessment:
                round.Status = RoundStatus.ThirdParty;
                break;
            case RoundStatus.ThirdParty:
                round.Status = RoundStatus.Reconciliation;
                break;
            case RoundStatus.Reconciliation:
                await AggregateAsync(round, ct);
                round.Status = RoundStatus.Closed;
                round.ClosedAt = now;
                break;
            case RoundStatus.Closed:
                round.Status = RoundStatus.Published;
                round.PublishedAt = now;
                break;
        }
        round.Revision++;
        audit.Record(new AuditEvent(AuditActions.Decide, SubjectType: SubjectType, SubjectId: round.Id.ToString(),
            Details: $"{input.Action}: {from} → {round.Status} {round.Name}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(null, Conflict: ("评估轮次已被他人更新，请刷新后重试", "Someone else changed the round; reload and try again."));
        }
        return await ViewAsync(user, round, ct);
    }

    /// <summary>
    /// Closing: computes every automatic leaf by its rule and stores the value (frozen: later data never changes the
    /// round), fixes every manual leaf's final score (the reconciled one, else the evaluators' average, else 0), then
    /// totals and ranks. Every stored value is audited in the same unit of work.
    /// </summary>
    private async Task AggregateAsync(EvaluationRound round, CancellationToken ct)
    {
        var indicators = await IndicatorsAsync(round.SystemId, ct);
        var scores = await db.Set<IndicatorScore>().Where(s => s.RoundId == round.Id).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var dept in round.Departments)
        {
            var leafScores = new Dictionary<Guid, double?>();
            var details = new List<string>();
            foreach (var leaf in indicators.Where(i => i.Kind != IndicatorKind.Group))
            {
                if (leaf.Kind == IndicatorKind.Automatic)
                {
                    var rule = rules.Find(leaf.RuleName);
                    var value = rule is null
                        ? IndicatorValue.NotAvailable($"计算规则 {leaf.RuleName} 未安装", $"The rule {leaf.RuleName} is not installed.")
                        : await rule.ComputeAsync(dept.DepartmentId, round.PeriodFrom, round.PeriodTo, ct);
                    db.Add(new IndicatorScore
                    {
                        RoundId = round.Id, DepartmentId = dept.DepartmentId, IndicatorId = leaf.Id, Kind = ScoreKind.Automatic, Value = value.Score,
                        Raw = value.Raw, RawText = value.RawText, Reason = value.ReasonZh, ReasonEn = value.ReasonEn, At = now, ByName = "system",
                    });
                    leafScores[leaf.Id] = value.Score;
                    details.Add($"{leaf.Code}={(value.Score is { } v ? F(v) : "N/A")}");
                }
                else
                {
                    var final = scores.SingleOrDefault(s => s.DepartmentId == dept.DepartmentId && s.IndicatorId == leaf.Id && s.Kind == ScoreKind.Final);
                    if (final is null)
                    {
                        var given = scores.Where(s => s.DepartmentId == dept.DepartmentId && s.IndicatorId == leaf.Id && s.Kind == ScoreKind.Evaluator && s.Value is not null).ToList();
                        final = new IndicatorScore
                        {
                            RoundId = round.Id, DepartmentId = dept.DepartmentId, IndicatorId = leaf.Id, Kind = ScoreKind.Final, At = now, ByName = "system",
                            Value = given.Count == 0 ? 0 : Math.Round(given.Average(s => s.Value!.Value), 2),
                            Reason = given.Count == 0 ? "无人评分，计 0 分" : $"默认：{given.Count} 名评估人员的平均分",
                            ReasonEn = given.Count == 0 ? "Nobody scored it: counts 0." : $"Default: the average of {given.Count} evaluators.",
                        };
                        db.Add(final);
                    }
                    leafScores[leaf.Id] = 100.0 * (final.Value ?? 0) / (leaf.MaxScore ?? 100);
                    details.Add($"{leaf.Code}={F(final.Value ?? 0)}");
                }
            }
            dept.Total = Math.Round(Score(indicators, null, leafScores) ?? 0, 2);
            audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: round.Id.ToString(),
                Details: $"汇总 部门 {dept.DepartmentId}：总分 {F(dept.Total.Value)}；{string.Join("，", details)}"));
        }
        // Competition ranking (1, 1, 3): equal totals share a rank.
        var ordered = round.Departments.OrderByDescending(d => d.Total).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Rank = i > 0 && ordered[i].Total == ordered[i - 1].Total ? ordered[i - 1].Rank : i + 1;
        }
    }

    /// <summary>
    /// A node's score: a leaf's own (0..100), a group's the weighted mean of its children that have one. A leaf whose data
    /// is not available drops out and its siblings' weights are scaled up, so no department loses points for data the
    /// platform does not have yet.
    /// </summary>
    internal static double? Score(IReadOnlyList<Indicator> all, Guid? parentId, IReadOnlyDictionary<Guid, double?> leaves)
    {
        double sum = 0, weights = 0;
        foreach (var i in all.Where(x => x.ParentId == parentId))
        {
            var s = i.Kind == IndicatorKind.Group ? Score(all, i.Id, leaves) : leaves.GetValueOrDefault(i.Id);
            if (s is { } v)
            {
                sum += i.Weight * v;
                weights += i.Weight;
            }
        }
        return weights == 0 ? null : sum / weights;
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private async Task<List<Indicator>> IndicatorsAsync(Guid systemId, CancellationToken ct) =>
        await db.Set<Indicator>().AsNoTracking().Where(i => i.SystemId == systemId).OrderBy(i => i.Order).ToListAsync(ct);

    // ---- scoring ----

    public Task<EvalResult<SheetView>> SelfAssessAsync(ClaimsPrincipal user, Guid id, Guid departmentId, ScoresInput input, CancellationToken ct) =>
        WriteScoresAsync(user, id, departmentId, input, ScoreKind.Self, ct);

    public Task<EvalResult<SheetView>> ScoreAsync(ClaimsPrincipal user, Guid id, Guid departmentId, ScoresInput input, CancellationToken ct) =>
        WriteScoresAsync(user, id, departmentId, input, ScoreKind.Evaluator, ct);

    public Task<EvalResult<SheetView>> ReconcileAsync(ClaimsPrincipal user, Guid id, Guid departmentId, ScoresInput input, CancellationToken ct) =>
        WriteScoresAsync(user, id, departmentId, input, ScoreKind.Final, ct);

    private async Task<EvalResult<SheetView>> WriteScoresAsync(ClaimsPrincipal user, Guid id, Guid departmentId, ScoresInput input, ScoreKind kind, CancellationToken ct)
    {
        var round = await Rounds().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null || round.Departments.All(d => d.DepartmentId != departmentId))
        {
            return new(null, NotFound: true);
        }
        var (stepZh, stepEn, step) = kind switch
        {
            ScoreKind.Self => ("自评", "self-assess", RoundStatus.SelfAssessment),
            ScoreKind.Evaluator => ("评分", "score", RoundStatus.ThirdParty),
            _ => ("复核确认", "reconcile", RoundStatus.Reconciliation),
        };
        var allowed = kind switch
        {
            ScoreKind.Self => EvaluationAccess.MayActForDepartment(user, departmentId),
            ScoreKind.Evaluator => IsAssignedEvaluator(user, round),
            _ => EvaluationAccess.IsLead(user),
        };
        if (!allowed)
        {
            return new(null, Forbidden: kind switch
            {
                ScoreKind.Self => ("只有本部门负责人或数据管理员可以自评", "Only the department's leader or data administrator may self-assess."),
                ScoreKind.Evaluator => ("只有本轮指定的第三方评估人员可以评分", "Only the evaluators assigned to this round may score."),
                _ => ("只有督查人员（评估牵头人）可以复核确认", "Only supervisors (the evaluation lead) may reconcile."),
            });
        }
        if (IsFrozen(round))
        {
            return new(null, Conflict: ClosedMessage);
        }
        if (round.Status != step)
        {
            var (zh, en) = StatusNames(round.Status);
            return new(null, Conflict: ($"当前步骤为“{zh}”，不能{stepZh}", $"The round is at “{en}”; you cannot {stepEn} now."));
        }
        var indicators = await IndicatorsAsync(round.SystemId, ct);
        var manual = indicators.Where(i => i.Kind == IndicatorKind.Manual).ToDictionary(i => i.Id);
        var errors = new FieldErrors();
        var list = input.Scores ?? [];
        if (list.Count == 0)
        {
            errors.Add("scores", "required", "请至少填写一项评分", "Enter at least one score.");
        }
        var existing = await db.Set<IndicatorScore>().Where(s => s.RoundId == id && s.DepartmentId == departmentId).ToListAsync(ct);
        var evaluatorId = kind == ScoreKind.Evaluator ? user.GetUserId()!.Value : Guid.Empty;
        var writes = new List<(Indicator Leaf, double Value, ScoreInput Input)>();
        for (var i = 0; i < list.Count; i++)
        {
            var s = list[i];
            var field = $"scores[{i}]";
            if (s.IndicatorId is not { } iid || !manual.TryGetValue(iid, out var leaf))
            {
                errors.Add(field + ".indicatorId", "indicator.unknown", "只能为本指标体系的人工评分指标打分", "Only the manual indicators of this round's system can be scored.");
                continue;
            }
            double value;
            if (kind == ScoreKind.Final && s.Score is null)
            {
                // Reconciliation defaults to the evaluators' average.
                var given = existing.Where(x => x.IndicatorId == iid && x.Kind == ScoreKind.Evaluator && x.Value is not null).ToList();
                if (given.Count == 0)
                {
                    errors.Add(field + ".score", "required", $"指标 {leaf.Code} 没有评估人员评分，请填写最终得分", $"Nobody scored {leaf.Code}; enter the final score.");
                    continue;
                }
                value = Math.Round(given.Average(x => x.Value!.Value), 2);
            }
            else if (s.Score is not { } v || double.IsNaN(v) || v < 0 || v > leaf.MaxScore)
            {
                errors.Add(field + ".score", "score.range", $"指标 {leaf.Code} 的得分应在 0 到 {F(leaf.MaxScore ?? 0)} 之间",
                    $"The score of {leaf.Code} must be between 0 and {F(leaf.MaxScore ?? 0)}.");
                continue;
            }
            else
            {
                value = Math.Round(v, 2);
            }
            if (s.Evidence is { Length: > 4000 })
            {
                errors.Add(field + ".evidence", "too-long", "佐证说明不能超过 4000 个字符", "The evidence must be at most 4000 characters.");
            }
            if (s.Reason is { Length: > 1000 })
            {
                errors.Add(field + ".reason", "too-long", "理由不能超过 1000 个字符", "The reason must be at most 1000 characters.");
            }
            if (kind == ScoreKind.Final && string.IsNullOrWhiteSpace(s.Reason))
            {
                errors.Add(field + ".reason", "required", $"请说明指标 {leaf.Code} 最终得分的理由", $"Give the reason for the final score of {leaf.Code}.");
            }
            writes.Add((leaf, value, s));
        }
        var fileIds = writes.Where(w => w.Input.EvidenceFileId is not null && kind == ScoreKind.Self).Select(w => w.Input.EvidenceFileId!.Value).Distinct().ToList();
        if (fileIds.Count > 0 && !errors.Any)
        {
            foreach (var e in await files.AttachAsync(user.GetUserId()!.Value, fileIds, EvidenceSubject, $"{id}/{departmentId}", ct))
            {
                errors.Add(new FieldError("evidenceFileId", e.Code, e.MessageZh, e.MessageEn));
            }
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var name = user.FindFirst(SmartGovClaims.DisplayName)?.Value ?? user.Identity?.Name;
        var changes = new List<string>();
        foreach (var (leaf, value, s) in writes)
        {
            var row = existing.SingleOrDefault(x => x.IndicatorId == leaf.Id && x.Kind == kind && x.EvaluatorId == evaluatorId);
            var before = row?.Value;
            if (row is null)
            {
                row = new IndicatorScore { RoundId = id, DepartmentId = departmentId, IndicatorId = leaf.Id, Kind = kind, EvaluatorId = evaluatorId };
                db.Add(row);
            }
            row.Value = value;
            row.Evidence = kind == ScoreKind.Self ? s.Evidence?.Trim() : row.Evidence;
            row.EvidenceFileId = kind == ScoreKind.Self ? s.EvidenceFileId ?? row.EvidenceFileId : null;
            row.Reason = string.IsNullOrWhiteSpace(s.Reason) ? (kind == ScoreKind.Final && s.Score is null ? "评估人员平均分" : null) : s.Reason.Trim();
            row.At = now;
            row.ById = user.GetUserId();
            row.ByName = name;
            changes.Add($"{leaf.Code}: {(before is { } b ? F(b) : "—")} → {F(value)}");
        }
        var (kindZh, _) = kind switch { ScoreKind.Self => ("自评", ""), ScoreKind.Evaluator => ("第三方评分", ""), _ => ("复核最终得分", "") };
        // Every score change is audited in the same unit of work as the change.
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: id.ToString(),
            Details: $"{kindZh} 部门 {departmentId}：{string.Join("；", changes)}"));
        await db.SaveChangesAsync(ct);
        return await SheetAsync(user, id, departmentId, ct);
    }

    // ---- reading ----

    /// <summary>
    /// One department's sheet. Evaluators see only their own scores until the round closes (blind); departments see
    /// their self-assessment, and the evaluators' and final scores only after publication.
    /// </summary>
    public async Task<EvalResult<SheetView>> SheetAsync(ClaimsPrincipal user, Guid id, Guid departmentId, CancellationToken ct)
    {
        var round = await Rounds().SingleOrDefaultAsync(r => r.Id == id, ct);
        var dept = round?.Departments.SingleOrDefault(d => d.DepartmentId == departmentId);
        if (round is null || dept is null)
        {
            return new(null, NotFound: true);
        }
        var lead = EvaluationAccess.IsLead(user);
        var evaluator = IsAssignedEvaluator(user, round);
        var own = EvaluationAccess.IsDepartmentStaff(user) && user.GetDepartmentId() == departmentId;
        if (!lead && !evaluator && !own)
        {
            return NotYours<SheetView>();
        }
        var published = round.Status == RoundStatus.Published;
        var frozen = IsFrozen(round);
        var me = user.GetUserId();
        var indicators = await IndicatorsAsync(round.SystemId, ct);
        var scores = await db.Set<IndicatorScore>().AsNoTracking().Where(s => s.RoundId == id && s.DepartmentId == departmentId).ToListAsync(ct);
        var fileNames = new Dictionary<Guid, string>();
        foreach (var fid in scores.Where(s => s.EvidenceFileId is not null).Select(s => s.EvidenceFileId!.Value).Distinct())
        {
            if (await files.GetAsync(fid, ct) is { } f)
            {
                fileNames[fid] = f.FileName;
            }
        }
        ScoreView V(IndicatorScore s) => new(s.Value, s.Raw, s.RawText, Problems.IsChinese ? s.Reason : s.ReasonEn ?? s.Reason, s.Evidence, s.EvidenceFileId,
            s.EvidenceFileId is { } f ? fileNames.GetValueOrDefault(f) : null, s.ById, s.ByName, s.At);
        var seeAllEvaluators = (lead && round.Status >= RoundStatus.Reconciliation) || (evaluator && frozen) || published;
        var seeFinal = lead || (evaluator && frozen) || published;
        var lines = new List<SheetLine>();
        foreach (var leaf in indicators.Where(i => i.Kind != IndicatorKind.Group))
        {
            var mine = scores.Where(s => s.IndicatorId == leaf.Id).ToList();
            var evals = mine.Where(s => s.Kind == ScoreKind.Evaluator && (seeAllEvaluators || (evaluator && s.EvaluatorId == me))).Select(V).ToList();
            var allEvals = mine.Where(s => s.Kind == ScoreKind.Evaluator && s.Value is not null).ToList();
            lines.Add(new SheetLine(leaf.Id, leaf.Code, Name(leaf), PathOf(indicators, leaf), leaf.Kind.ToString(), Math.Round(EffectiveWeight(indicators, leaf), 4),
                leaf.MaxScore, leaf.Rubric, leaf.RuleName is null ? null : rules.Find(leaf.RuleName) is { } r ? (Problems.IsChinese ? r.TitleZh : r.TitleEn) : leaf.RuleName,
                mine.Where(s => s.Kind == ScoreKind.Self).Select(V).FirstOrDefault(), evals,
                seeFinal ? mine.Where(s => s.Kind == ScoreKind.Final).Select(V).FirstOrDefault() : null,
                mine.Where(s => s.Kind == ScoreKind.Automatic).Select(V).FirstOrDefault(),
                seeAllEvaluators && allEvals.Count > 0 ? Math.Round(allEvals.Average(s => s.Value!.Value), 2) : null));
        }
        var names = await DepartmentNamesAsync(ct);
        var seeResult = frozen && (lead || published || own);
        return new SheetView(round.Id, round.Name, round.Status.ToString(), departmentId, names.GetValueOrDefault(departmentId, departmentId.ToString()), lines,
            seeResult ? dept.Total : null, frozen && (lead || published) ? dept.Rank : null,
            round.Status == RoundStatus.SelfAssessment && EvaluationAccess.MayActForDepartment(user, departmentId),
            round.Status == RoundStatus.ThirdParty && evaluator,
            round.Status == RoundStatus.Reconciliation && lead,
            !seeAllEvaluators);
    }

    /// <summary>
    /// The ranking with each leaf's score (0..100). The lead sees it once the round is closed; everyone who may see the
    /// round once it is published; before publication a department's staff see only their own row.
    /// </summary>
    public async Task<EvalResult<RankingView>> RankingAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var round = await Rounds().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySee(user, round))
        {
            return NotYours<RankingView>();
        }
        if (!IsFrozen(round))
        {
            return new(null, Conflict: ("评估尚未汇总排名", "The round has not been aggregated and ranked yet."));
        }
        var published = round.Status == RoundStatus.Published;
        var own = user.GetDepartmentId();
        var rows = round.Departments.AsEnumerable();
        if (!published && !EvaluationAccess.IsLead(user))
        {
            if (!EvaluationAccess.IsDepartmentStaff(user))
            {
                return new(null, Forbidden: ("评估结果公布前仅督查人员可以查看排名", "Until the results are published only supervisors see the ranking."));
            }
            rows = rows.Where(d => d.DepartmentId == own);
        }
        var indicators = await IndicatorsAsync(round.SystemId, ct);
        var leaves = indicators.Where(i => i.Kind != IndicatorKind.Group).ToList();
        var scores = await db.Set<IndicatorScore>().AsNoTracking()
            .Where(s => s.RoundId == id && (s.Kind == ScoreKind.Final || s.Kind == ScoreKind.Automatic)).ToListAsync(ct);
        var names = await DepartmentNamesAsync(ct);
        var result = rows.OrderBy(d => d.Rank).ThenBy(d => names.GetValueOrDefault(d.DepartmentId), StringComparer.Ordinal).Select(d =>
        {
            var map = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var leaf in leaves)
            {
                var s = scores.FirstOrDefault(x => x.DepartmentId == d.DepartmentId && x.IndicatorId == leaf.Id);
                map[leaf.Code] = s?.Value is not { } v ? null : leaf.Kind == IndicatorKind.Manual ? Math.Round(100.0 * v / (leaf.MaxScore ?? 100), 2) : v;
            }
            return new RankingRow(d.Rank ?? 0, d.DepartmentId, names.GetValueOrDefault(d.DepartmentId, d.DepartmentId.ToString()), d.Total ?? 0, map);
        }).ToList();
        return new RankingView(round.Id, round.Name, round.PeriodFrom, round.PeriodTo, round.Status.ToString(), published,
            leaves.Select(l => new RankingColumn(l.Code, Name(l), Math.Round(EffectiveWeight(indicators, l), 4))).ToList(), result);
    }

    private static string Name(Indicator i) => Problems.IsChinese ? i.NameZh : i.NameEn ?? i.NameZh;

    private static string PathOf(IReadOnlyList<Indicator> all, Indicator leaf)
    {
        var parts = new List<string>();
        for (var p = all.FirstOrDefault(x => x.Id == leaf.ParentId); p is not null; p = all.FirstOrDefault(x => x.Id == p.ParentId))
        {
            parts.Insert(0, Name(p));
        }
        return string.Join(" / ", parts);
    }

    /// <summary>The leaf's share of the total, in percent: the product of the weights on its path.</summary>
    internal static double EffectiveWeight(IReadOnlyList<Indicator> all, Indicator leaf)
    {
        var w = leaf.Weight / 100;
        for (var p = all.FirstOrDefault(x => x.Id == leaf.ParentId); p is not null; p = all.FirstOrDefault(x => x.Id == p.ParentId))
        {
            w *= p.Weight / 100;
        }
        return w * 100;
    }

    // ---- rules and incidents ----

    public IReadOnlyList<RuleView> Rules() =>
        rules.All.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => new RuleView(r.Name, r.TitleZh, r.TitleEn)).ToList();

    public async Task<EvalResult<RuleValueView>> PreviewAsync(ClaimsPrincipal user, string name, Guid? departmentId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (!EvaluationAccess.IsLead(user) && !EvaluationAccess.IsEvaluator(user))
        {
            return new(null, Forbidden: ("只有督查人员和评估人员可以试算指标", "Only supervisors and evaluators may preview indicators."));
        }
        var rule = rules.Find(name);
        if (rule is null)
        {
            return new(null, NotFound: true);
        }
        if (departmentId is not { } d || from is not { } f || to is not { } t || t < f)
        {
            return new(null, [new FieldError("departmentId", "required", "请提供部门和评估期间（from ≤ to）", "Give the department and the period (from ≤ to).")]);
        }
        var v = await rule.ComputeAsync(d, f, t, ct);
        return new RuleValueView(rule.Name, d, f, t, v.Available, v.Score, v.Raw, v.RawText, Problems.IsChinese ? v.ReasonZh : v.ReasonEn);
    }

    public async Task<EvalResult<IncidentView>> RecordIncidentAsync(ClaimsPrincipal user, IncidentInput input, CancellationToken ct)
    {
        if (!EvaluationAccess.IsLead(user) && !user.IsInRole(Roles.SecurityAdmin))
        {
            return new(null, Forbidden: ("只有安全管理员或督查人员可以登记安全事件", "Only security administrators or supervisors may record security incidents."));
        }
        var errors = new FieldErrors();
        errors.Required("title", input.Title, "事件概要", "The summary");
        if (input.DepartmentId is not { } d || await organizations.FindDepartmentAsync(d, ct) is null)
        {
            errors.Add("departmentId", "department.unknown", "请选择存在的部门", "Choose an existing department.");
        }
        if (input.OccurredOn is null)
        {
            errors.Add("occurredOn", "required", "请填写发生日期", "The date is required.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var incident = new SecurityIncident
        {
            DepartmentId = input.DepartmentId!.Value, OccurredOn = input.OccurredOn!.Value, Title = input.Title!.Trim(),
            RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedById = user.GetUserId(),
        };
        db.Add(incident);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "security-incident", SubjectId: incident.Id.ToString(),
            Details: $"安全事件 {incident.OccurredOn:yyyy-MM-dd} {incident.Title}"));
        await db.SaveChangesAsync(ct);
        return new IncidentView(incident.Id, incident.DepartmentId, incident.OccurredOn, incident.Title);
    }

    /// <summary>
    /// A department's evidence file (佐证材料) for whoever may see its sheet: the lead, the round's evaluators and the
    /// department itself. Only files attached to this round and department are served.
    /// </summary>
    public async Task<EvalResult<OpenedFile>> EvidenceFileAsync(ClaimsPrincipal user, Guid id, Guid departmentId, Guid fileId, CancellationToken ct)
    {
        var round = await Rounds().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null || round.Departments.All(d => d.DepartmentId != departmentId))
        {
            return new(null, NotFound: true);
        }
        var own = EvaluationAccess.IsDepartmentStaff(user) && user.GetDepartmentId() == departmentId;
        if (!EvaluationAccess.IsLead(user) && !IsAssignedEvaluator(user, round) && !own)
        {
            return NotYours<OpenedFile>();
        }
        var info = await files.GetAsync(fileId, ct);
        if (info is null || info.SubjectType != EvidenceSubject || info.SubjectId != $"{id}/{departmentId}")
        {
            return new(null, NotFound: true);
        }
        var opened = await files.OpenAsync(fileId, ct);
        return opened is null ? new(null, NotFound: true) : new(opened);
    }

    private static EvalResult<T> NotYours<T>() =>
        new(default, Forbidden: ("无权查看该评估内容（仅评估牵头人、本轮评估人员和参评部门本部门可见）",
            "You may not see this (only the evaluation lead, the round's evaluators and the department itself may)."));
}
