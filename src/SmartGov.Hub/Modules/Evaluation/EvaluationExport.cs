using MiniExcelLibs;

namespace SmartGov.Hub.Modules.Evaluation;

/// <summary>Excel workbooks (MiniExcel) of a round's ranking and of the project evaluations. Headers are in Chinese.</summary>
public static class EvaluationExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Ranking(RankingView ranking)
    {
        var rows = ranking.Rows.Select(r =>
        {
            var row = new Dictionary<string, object?> { ["排名"] = r.Rank, ["部门"] = r.DepartmentName, ["总分"] = r.Total };
            foreach (var c in ranking.Columns)
            {
                row[$"{c.Code} {c.Name}"] = r.Scores.GetValueOrDefault(c.Code);
            }
            return row;
        }).ToList();
        var weights = new List<Dictionary<string, object?>>(ranking.Columns.Select(c =>
            new Dictionary<string, object?> { ["指标编码"] = c.Code, ["指标名称"] = c.Name, ["权重（占总分 %）"] = c.EffectiveWeight }));
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["排名"] = rows, ["指标权重"] = weights });
        return stream.ToArray();
    }

    public static byte[] Projects(IReadOnlyList<ProjectView> projects)
    {
        var rows = projects.Select(p => new Dictionary<string, object?>
        {
            ["项目名称"] = p.Name, ["部门"] = p.DepartmentName, ["年度"] = p.Year, ["预算（万元）"] = p.Budget, ["支出（万元）"] = p.Spend,
            ["执行率 %"] = p.ExecutionRate, ["成本效益"] = p.CostBenefit, ["应用成效"] = p.ApplicationEffect, ["协同共享"] = p.Collaboration,
            ["安全保密"] = p.Security, ["创新服务"] = p.Innovation, ["综合得分"] = p.Total,
            ["问题标记"] = string.Join("；", p.Systems.SelectMany(s => s.Flags).Select(f => $"{f.SystemName}：{f.ReasonZh}")),
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["建设项目绩效评价"] = rows });
        return stream.ToArray();
    }
}
