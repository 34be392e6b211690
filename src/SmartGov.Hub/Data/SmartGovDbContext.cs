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

    /// <summary>Every DateTime is UTC; SQLite forgets the kind, so it is put back on read.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SmartGovDbContext).Assembly);
    }
}
