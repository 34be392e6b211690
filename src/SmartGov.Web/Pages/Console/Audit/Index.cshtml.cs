using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Web.Pages.Console.Audit;

/// <summary>The audit administrator's read-only view of the audit trail.</summary>
public sealed class AuditIndexModel(IAuditQuery query) : PageModel
{
    public IReadOnlyList<AuditEntryView> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public string? Action { get; private set; }

    public IReadOnlyList<string> Actions { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order().ToList();

    public async Task OnGetAsync(string? action, int? page, CancellationToken ct)
    {
        Action = string.IsNullOrWhiteSpace(action) ? null : action;
        PageNumber = Math.Max(page ?? 1, 1);
        Items = await query.SearchAsync(Action, null, (int)Math.Min((PageNumber - 1L) * 50, int.MaxValue), 50, ct);
        Total = await query.CountAsync(Action, ct);
    }
}
