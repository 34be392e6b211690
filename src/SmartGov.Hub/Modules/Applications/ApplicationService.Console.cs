using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications;

public sealed partial class ApplicationService
{
    /// <summary>
    /// The number of the application this clerk already entered under a page's form token (its idempotency key), or null.
    /// The 一窗受理 page asks first, so a double click or a resent form goes to the receipt instead of uploading the
    /// materials again (new uploads would make the request differ from the first one, which the key would refuse).
    /// </summary>
    public async Task<string?> WindowNumberForKeyAsync(ClaimsPrincipal user, string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || user.GetUserId() is not { } clerkId || !user.IsInRole(Roles.WindowClerk))
        {
            return null;
        }
        return await db.Set<Application>().AsNoTracking()
            .Where(a => a.CreatedBy == clerkId && a.IdempotencyKey == key && a.Channel == ApplicationChannel.Window)
            .Select(a => a.Number).FirstOrDefaultAsync(ct);
    }
}
