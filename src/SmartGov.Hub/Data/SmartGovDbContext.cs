using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

    private bool _queued;

    /// <summary>
    /// On SQLite with the group commit (the default), an ordinary save, outside any transaction of its own, takes its
    /// turn in the group-commit writer's queue like the submissions do: every writer of the hub then gets the single
    /// write lock in arrival order, instead of polling for it through SQLite's busy handler while the writer, under
    /// load, holds it batch after batch (where a plain save could wait out its busy timeout and fail). Same outcome for
    /// the caller: committed, or the same exception, before the task completes. Anywhere else it is EF Core's own save.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!acceptAllChangesOnSuccess || _queued || Database.CurrentTransaction is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        var groupCommit = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<IGroupCommit>();
        if (groupCommit is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        // The writer saves with the synchronous SaveChanges; a save it hands back (not eligible) comes here again and
        // must then go straight to EF Core.
        _queued = true;
        try
        {
            return await groupCommit.SaveChangesAsync(this, cancellationToken);
        }
        finally
        {
            _queued = false;
        }
    }

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
