using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Evaluation.Model;

namespace SmartGov.Hub.Modules.Evaluation;

/// <summary>
/// Indicator systems (指标体系). A system is edited as a whole tree and only while no round uses it: a round's scores
/// point at its indicators, so changing them afterwards would rewrite history. To change a used system, copy it.
/// </summary>
public sealed class IndicatorSystemService(SmartGovDbContext db, IAuditSink audit, IndicatorRuleRegistry rules, TimeProvider clock)
{
    public const int MaxDepth = 6;

    public async Task<IReadOnlyList<IndicatorSystemSummary>> ListAsync(CancellationToken ct)
    {
        var systems = await db.Set<IndicatorSystem>().AsNoTracking().Include(s => s.Indicators).OrderByDescending(s => s.IsTemplate).ThenBy(s => s.Name).ToListAsync(ct);
        var used = await UsedIdsAsync(ct);
        return systems.Select(s => new IndicatorSystemSummary(s.Id, s.Name, s.NameEn, s.IsTemplate, used.Contains(s.Id),
            s.Indicators.Count(i => i.Kind != IndicatorKind.Group))).ToList();
    }

    public async Task<EvalResult<IndicatorSystemView>> GetAsync(Guid id, CancellationToken ct)
    {
        var system = await db.Set<IndicatorSystem>().AsNoTracking().Include(s => s.Indicators).SingleOrDefaultAsync(s => s.Id == id, ct);
        return system is null ? new EvalResult<IndicatorSystemView>(null, NotFound: true) : View(system, (await UsedIdsAsync(ct)).Contains(id));
    }

    public async Task<EvalResult<IndicatorSystemView>> CreateAsync(ClaimsPrincipal user, IndicatorSystemInput input, CancellationToken ct)
    {
        if (!EvaluationAccess.IsLead(user))
        {
            return new(null, Forbidden: ("只有督查人员（评估牵头人）可以维护指标体系", "Only supervisors (the evaluation lead) may maintain indicator systems."));
        }
        var errors = Validate(input, out var nodes);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var system = new IndicatorSystem { Name = input.Name!.Trim(), NameEn = Clean(input.NameEn), Description = Clean(input.Description), CreatedAt = now, UpdatedAt = now };
        system.Indicators = Build(system.Id, nodes);
        db.Add(system);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "evaluation-system", SubjectId: system.Id.ToString(),
            Details: $"指标体系 {system.Name}（{system.Indicators.Count} 项指标）"));
        await db.SaveChangesAsync(ct);
        return View(system, false);
    }

    public async Task<EvalResult<IndicatorSystemView>> UpdateAsync(ClaimsPrincipal user, Guid id, IndicatorSystemInput input, CancellationToken ct)
    {
        if (!EvaluationAccess.IsLead(user))
        {
            return new(null, Forbidden: ("只有督查人员（评估牵头人）可以维护指标体系", "Only supervisors (the evaluation lead) may maintain indicator systems."));
        }
        var system = await db.Set<IndicatorSystem>().Include(s => s.Indicators).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (system is null)
        {
            return new(null, NotFound: true);
        }
        if ((await UsedIdsAsync(ct)).Contains(id))
        {
            return new(null, Conflict: ("该指标体系已被评估轮次使用，不能修改；请复制后修改副本",
                "A round uses this indicator system, so it cannot change; copy it and edit the copy."));
        }
        var errors = Validate(input, out var nodes);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        db.RemoveRange(system.Indicators);
        system.Indicators.Clear();
        system.Name = input.Name!.Trim();
        system.NameEn = Clean(input.NameEn);
        system.Description = Clean(input.Description);
        system.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        // Saved in two steps so that the unique (system, code) index never sees the old and the new rows at once.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var fresh = Build(system.Id, nodes);
        db.AddRange(fresh);
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: "evaluation-system", SubjectId: system.Id.ToString(),
            Details: $"修改指标体系 {system.Name}（{fresh.Count} 项指标）"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        system.Indicators = fresh;
        return View(system, false);
    }

    /// <summary>A new, unused system with the same tree: how a used system (or a template) is changed.</summary>
    public async Task<EvalResult<IndicatorSystemView>> CopyAsync(ClaimsPrincipal user, Guid id, string? name, CancellationToken ct)
    {
        var source = await GetAsync(id, ct);
        if (!source.Succeeded)
        {
            return source;
        }
        var s = source.Value!;
        return await CreateAsync(user, new IndicatorSystemInput(string.IsNullOrWhiteSpace(name) ? s.Name + "（副本）" : name, s.NameEn is null ? null : s.NameEn + " (copy)",
            s.Description, s.Indicators.Select(ToInput).ToList()), ct);
    }

    private static IndicatorInput ToInput(IndicatorView v) =>
        new(v.Code, v.NameZh, v.NameEn, v.Weight, v.Rule, v.Rubric, v.MaxScore, v.Children.Count == 0 ? null : v.Children.Select(ToInput).ToList());

    private async Task<HashSet<Guid>> UsedIdsAsync(CancellationToken ct) =>
        (await db.Set<EvaluationRound>().AsNoTracking().Select(r => r.SystemId).Distinct().ToListAsync(ct)).ToHashSet();

    // ---- validation ----

    /// <summary>A validated node, flattened: depth-first, parents before children.</summary>
    internal sealed record Node(IndicatorInput Input, Node? Parent, int Order)
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    internal FieldErrors Validate(IndicatorSystemInput input, out List<Node> nodes)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "指标体系名称", "The name");
        if (input.NameEn is { Length: > 200 })
        {
            errors.Add("nameEn", "too-long", "英文名称不能超过 200 个字符", "The English name must be at most 200 characters.");
        }
        if (input.Description is { Length: > 2000 })
        {
            errors.Add("description", "too-long", "说明不能超过 2000 个字符", "The description must be at most 2000 characters.");
        }
        nodes = [];
        var roots = input.Indicators ?? [];
        if (roots.Count == 0)
        {
            errors.Add("indicators", "required", "指标体系至少需要一项指标", "An indicator system needs at least one indicator.");
            return errors;
        }
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Walk(roots, null, "indicators", 1, errors, nodes, codes);
        return errors;
    }

    private void Walk(IReadOnlyList<IndicatorInput> level, Node? parent, string path, int depth, FieldErrors errors, List<Node> nodes, HashSet<string> codes)
    {
        if (depth > MaxDepth)
        {
            errors.Add(path, "depth", $"指标层级不能超过 {MaxDepth} 级", $"Indicators may be nested at most {MaxDepth} levels deep.");
            return;
        }
        // The weights of one level sum to 100 (per cent of the parent).
        var sum = level.Sum(i => i.Weight ?? 0);
        if (Math.Abs(sum - 100) > 0.001)
        {
            var s = sum.ToString("0.##", CultureInfo.InvariantCulture);
            if (parent is null)
            {
                errors.Add(path, "weights.sum", $"一级指标的权重合计为 {s}，应为 100", $"The weights of the top-level indicators sum to {s}; they must sum to 100.");
            }
            else
            {
                var p = parent.Input;
                errors.Add(path, "weights.sum", $"指标“{p.Code} {p.NameZh}”的下级指标权重合计为 {s}，应为 100",
                    $"The weights under indicator “{p.Code} {p.NameEn ?? p.NameZh}” sum to {s}; they must sum to 100.");
            }
        }
        for (var i = 0; i < level.Count; i++)
        {
            var n = level[i];
            var field = $"{path}[{i}]";
            var label = string.IsNullOrWhiteSpace(n.Code) ? $"#{i + 1}" : n.Code.Trim();
            if (string.IsNullOrWhiteSpace(n.Code) || n.Code.Trim().Length > 40)
            {
                errors.Add(field + ".code", "code", $"指标 {label} 需要编码（不超过 40 个字符）", $"Indicator {label} needs a code (at most 40 characters).");
            }
            else if (!codes.Add(n.Code.Trim()))
            {
                errors.Add(field + ".code", "code.duplicate", $"指标编码 {label} 重复", $"The indicator code {label} is used twice.");
            }
            if (string.IsNullOrWhiteSpace(n.NameZh) || n.NameZh.Length > 200)
            {
                errors.Add(field + ".nameZh", "required", $"指标 {label} 需要中文名称", $"Indicator {label} needs a Chinese name.");
            }
            if (n.Weight is not (> 0 and <= 100))
            {
                errors.Add(field + ".weight", "weight.range", $"指标 {label} 的权重应大于 0 且不超过 100", $"The weight of indicator {label} must be above 0 and at most 100.");
            }
            var node = new Node(n, parent, i);
            nodes.Add(node);
            var children = n.Children ?? [];
            if (children.Count > 0)
            {
                if (n.Rule is not null || n.Rubric is not null)
                {
                    errors.Add(field, "group.leaf", $"指标 {label} 有下级指标，不能同时设置计算规则或评分标准",
                        $"Indicator {label} has children, so it cannot also have a rule or a rubric.");
                }
                Walk(children, node, field + ".children", depth + 1, errors, nodes, codes);
            }
            else if (!string.IsNullOrWhiteSpace(n.Rule))
            {
                if (rules.Find(n.Rule.Trim()) is null)
                {
                    errors.Add(field + ".rule", "rule.unknown", $"指标 {label} 的计算规则“{n.Rule}”不存在", $"Indicator {label}: there is no rule named “{n.Rule}”.");
                }
            }
            else
            {
                if (string.IsNullOrWhiteSpace(n.Rubric) || n.Rubric.Length > 2000)
                {
                    errors.Add(field + ".rubric", "rubric.required", $"人工评分指标 {label} 需要评分标准（不超过 2000 字）",
                        $"Manual indicator {label} needs a rubric (at most 2000 characters).");
                }
                if (n.MaxScore is not (> 0 and <= 1000))
                {
                    errors.Add(field + ".maxScore", "maxScore.range", $"人工评分指标 {label} 的满分应大于 0 且不超过 1000",
                        $"The maximum score of manual indicator {label} must be above 0 and at most 1000.");
                }
            }
        }
    }

    private static List<Indicator> Build(Guid systemId, List<Node> nodes) => nodes.Select(n =>
    {
        var i = n.Input;
        var children = i.Children ?? [];
        var kind = children.Count > 0 ? IndicatorKind.Group : !string.IsNullOrWhiteSpace(i.Rule) ? IndicatorKind.Automatic : IndicatorKind.Manual;
        return new Indicator
        {
            Id = n.Id, SystemId = systemId, ParentId = n.Parent?.Id, Code = i.Code!.Trim(), NameZh = i.NameZh!.Trim(), NameEn = Clean(i.NameEn),
            Weight = i.Weight!.Value, Kind = kind, RuleName = kind == IndicatorKind.Automatic ? i.Rule!.Trim() : null,
            Rubric = kind == IndicatorKind.Manual ? i.Rubric!.Trim() : null, MaxScore = kind == IndicatorKind.Manual ? i.MaxScore : null, Order = n.Order,
        };
    }).ToList();

    internal IndicatorSystemView View(IndicatorSystem s, bool inUse)
    {
        IndicatorView ViewOf(Indicator i) => new(i.Id, i.Code, i.NameZh, i.NameEn, i.Weight, i.Kind.ToString(), i.RuleName,
            i.RuleName is null ? null : rules.Find(i.RuleName) is { } r ? (Problems.IsChinese ? r.TitleZh : r.TitleEn) : i.RuleName,
            i.Rubric, i.MaxScore, s.Indicators.Where(c => c.ParentId == i.Id).OrderBy(c => c.Order).Select(ViewOf).ToList());
        return new IndicatorSystemView(s.Id, s.Name, s.NameEn, s.Description, s.IsTemplate, inUse,
            s.Indicators.Where(i => i.ParentId is null).OrderBy(i => i.Order).Select(ViewOf).ToList());
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
