using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Insight;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Insight;

/// <summary>The big screen (大屏) of a command center: the same figures, dark, large, refreshing itself every minute.</summary>
public sealed class InsightBigScreenModel(InsightService insight, IOrganizationDirectory directory, Microsoft.Extensions.Localization.IStringLocalizer localizer)
    : InsightIndexModel(insight, directory, localizer)
{
    public const int RefreshSeconds = 60;
}
