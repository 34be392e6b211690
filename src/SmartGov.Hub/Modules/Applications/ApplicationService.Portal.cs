using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>What the portal's apply page needs to know about a form token it has seen before.</summary>
public sealed record IdempotentApplication(Guid Id, string? Number, ApplicationStatus Status, string ImplementationCode);

public sealed partial class ApplicationService
{
    /// <summary>
    /// The caller's application created under <paramref name="idempotencyKey"/>, if any. The apply page looks its form
    /// token up before it stages the uploads again: a double click or a refreshed POST lands on the application the
    /// first one created (its receipt, or its draft) instead of uploading the same files twice.
    /// </summary>
    public async Task<IdempotentApplication?> FindByIdempotencyKeyAsync(ClaimsPrincipal user, string idempotencyKey, CancellationToken ct)
    {
        if (user.GetUserId() is not { } userId || string.IsNullOrEmpty(idempotencyKey))
        {
            return null;
        }
        return await db.Set<Application>().AsNoTracking()
            .Where(a => a.CreatedBy == userId && a.IdempotencyKey == idempotencyKey)
            .Select(a => new IdempotentApplication(a.Id, a.Number, a.Status, a.ImplementationCode))
            .FirstOrDefaultAsync(ct);
    }
}
