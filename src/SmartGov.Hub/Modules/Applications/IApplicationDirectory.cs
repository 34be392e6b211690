using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// What other modules (ratings, statistics, handover) may know about an application, without its personal data:
/// no ID number, no mobile, no form. <see cref="ApplicantUserId"/> is the account that may act as the applicant.
/// </summary>
public sealed record ApplicationFacts(
    Guid Id,
    string? Number,
    string ItemCode,
    string ItemName,
    Guid DepartmentId,
    Guid? HallId,
    ApplicationChannel Channel,
    ApplicationStatus Status,
    Guid? ApplicantUserId,
    Guid CreatedBy,
    string RegionCode,
    DateTime? SubmittedAt,
    DateTime? CompletedAt,
    DateOnly? CompletedOn,
    bool? OnTime,
    Decision? Decision,
    string? OriginNumber,
    string? OriginRegionCode);

/// <summary>The Applications module's read-only door for other modules; it never changes an application.</summary>
public interface IApplicationDirectory
{
    Task<ApplicationFacts?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApplicationFacts?> FindByNumberAsync(string number, CancellationToken cancellationToken = default);

    /// <summary>Completed applications in number order, a page at a time (numbers are unique, so the order is the same on every provider).</summary>
    Task<IReadOnlyList<ApplicationFacts>> ListCompletedAsync(int skip, int take, CancellationToken cancellationToken = default);
}

internal sealed class ApplicationDirectory(SmartGovDbContext db) : IApplicationDirectory
{
    public async Task<ApplicationFacts?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        Facts(await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken));

    public async Task<ApplicationFacts?> FindByNumberAsync(string number, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(number) || number.Length > 32 ? null
            : Facts(await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == number.Trim(), cancellationToken));

    public async Task<IReadOnlyList<ApplicationFacts>> ListCompletedAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<Application>().AsNoTracking().Where(a => a.Status == ApplicationStatus.Completed && a.Number != null)
            .OrderBy(a => a.Number).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        return rows.Select(a => Facts(a)!).ToList();
    }

    private static ApplicationFacts? Facts(Application? a) => a is null ? null
        : new ApplicationFacts(a.Id, a.Number, a.ImplementationCode, a.ItemName, a.DepartmentId, a.HallId, a.Channel, a.Status, a.ApplicantUserId,
            a.CreatedBy, a.RegionCode, a.SubmittedAt, a.CompletedAt, a.CompletedOn, a.OnTime, a.Decision, a.OriginNumber, a.OriginRegionCode);
}

public static class ApplicationDirectoryModule
{
    /// <summary>The read-only <see cref="IApplicationDirectory"/> for other modules.</summary>
    public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddApplicationDirectory(this Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddScoped<IApplicationDirectory, ApplicationDirectory>(services);
        return services;
    }
}
