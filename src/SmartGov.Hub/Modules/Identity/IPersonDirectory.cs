using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;

namespace SmartGov.Hub.Modules.Identity;

/// <summary>What other modules may ask the Identity module about a person, without touching its tables.</summary>
public interface IPersonDirectory
{
    /// <summary>The keyed blind index of the account's ID number (HMAC-SM3), or null for accounts without one.</summary>
    Task<string?> IdNumberIndexAsync(Guid userId, CancellationToken cancellationToken = default);
}

internal sealed class PersonDirectory(SmartGovDbContext db) : IPersonDirectory
{
    public async Task<string?> IdNumberIndexAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.IdNumberIndex).FirstOrDefaultAsync(cancellationToken);
}
