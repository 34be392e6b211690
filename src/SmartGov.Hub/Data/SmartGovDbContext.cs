using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Data;

/// <summary>
/// The hub's single database. Each module contributes its entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes beside them; handlers use <c>Set&lt;T&gt;()</c>.
/// Data-protection keys live here too, so that several hub nodes share them.
/// </summary>
public sealed class SmartGovDbContext(DbContextOptions<SmartGovDbContext> options)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SmartGovDbContext).Assembly);
    }
}
