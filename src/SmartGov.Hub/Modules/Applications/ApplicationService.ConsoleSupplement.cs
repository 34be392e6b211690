using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications;

public sealed partial class ApplicationService
{
    /// <summary>
    /// Whether this staff member may supply the supplement (补正材料) of the application now, as <see cref="ActAsync"/> allows
    /// it: a window application waiting for its supplement, and the window clerk who took it in (the applicant came to
    /// the hall, so the hall brings the papers in for them). The 办件 page shows its supplement form only then.
    /// </summary>
    public async Task<bool> MaySupplyAtWindowAsync(ClaimsPrincipal user, Guid applicationId, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.WindowClerk) || user.GetUserId() is not { } clerkId)
        {
            return false;
        }
        return await db.Set<Application>().AsNoTracking().AnyAsync(a => a.Id == applicationId && a.CreatedBy == clerkId
            && a.Channel == ApplicationChannel.Window && a.Status == ApplicationStatus.SupplementRequested, ct);
    }
}
