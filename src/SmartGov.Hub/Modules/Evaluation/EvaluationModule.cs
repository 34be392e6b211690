using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Evaluation.Rules;
using SmartGov.Hub.Modules.Evaluation.Seeding;

namespace SmartGov.Hub.Modules.Evaluation;

public static class EvaluationModule
{
    /// <summary>Indicator systems, rounds, scoring and ranking, project evaluation; the built-in indicator rules.</summary>
    public static IServiceCollection AddEvaluation(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IndicatorRuleRegistry>();
        services.AddScoped<IndicatorSystemService>();
        services.AddScoped<RoundService>();
        services.AddScoped<ProjectService>();
        services.AddScoped<EvaluationDemoSeeder>();

        // One-stop service (一网通办) from the Applications module's figures.
        services.AddScoped<IIndicatorRule>(sp => new ApplicationRateRule(ApplicationRateRule.OnlineRate, "网上办理率", "Online handling rate",
            f => (f.Online, f.Submitted), false, sp.GetRequiredService<IApplicationStatistics>()));
        services.AddScoped<IIndicatorRule>(sp => new ApplicationRateRule(ApplicationRateRule.ZeroVisitRate, "零跑动率", "Zero-visit rate",
            f => (f.ZeroVisit, f.Submitted), false, sp.GetRequiredService<IApplicationStatistics>()));
        services.AddScoped<IIndicatorRule>(sp => new ApplicationRateRule(ApplicationRateRule.OnTimeRate, "按时办结率", "On-time completion rate",
            f => (f.CompletedOnTime, f.Completed), false, sp.GetRequiredService<IApplicationStatistics>()));
        services.AddScoped<IIndicatorRule>(sp => new ApplicationRateRule(ApplicationRateRule.SupplementRate, "补正率（越低越好）", "Supplement rate (lower is better)",
            f => (f.WithSupplement, f.Submitted), true, sp.GetRequiredService<IApplicationStatistics>()));
        // 好差评: the Ratings module is not on main yet; these rules say so until it registers its own under the same names.
        // Data sharing: the Catalog module (sharing.*) and the Exchange module (exchange.calls-served) register their own rules.
        services.AddScoped<IIndicatorRule, SupervisionOnTimeRule>();
        services.AddScoped<IIndicatorRule, AuditCoverageRule>();
        services.AddScoped<IIndicatorRule, IncidentsRule>();
        return services;
    }
}
