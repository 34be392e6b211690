using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Services.Admin;
using SmartGov.Hub.Modules.Services.Model;
using SmartGov.Hub.Modules.Services.Search;

namespace SmartGov.Hub.Modules.Services;

internal sealed class ServiceCatalog(SmartGovDbContext db, TimeProvider clock, ServiceSearchIndex index, ServiceItemViewCache views) : IServiceCatalog
{
    /// <remarks>
    /// One light query (the item's latest version number and the id of the version in force today); the version's
    /// view itself comes from <see cref="ServiceItemViewCache"/> once read, since versions never change. Every
    /// submission reads this, so it must not cost a full version with its materials and form schema each time.
    /// </remarks>
    public async Task<ServiceItemView?> FindCurrentAsync(string implementationCode, CancellationToken cancellationToken = default)
    {
        var code = ServiceItemValidator.NormalizeCode(implementationCode);
        if (code.Length is 0 or > 40)
        {
            return null;
        }
        var today = ChinaTime.Today(clock);
        var head = await db.Set<ServiceItem>().AsNoTracking().Where(i => i.ImplementationCode == code)
            .Select(i => new
            {
                i.LatestVersion,
                Current = i.Versions.Where(v => v.EffectiveFrom <= today).OrderByDescending(v => v.Version).Select(v => (Guid?)v.Id).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return head?.Current is { } versionId ? await ViewAsync(versionId, head.LatestVersion, cancellationToken) : null;
    }

    public async Task<ServiceItemView?> FindVersionAsync(Guid versionId, CancellationToken cancellationToken = default)
    {
        var latest = await db.Set<ServiceItemVersion>().AsNoTracking().Where(v => v.Id == versionId)
            .Join(db.Set<ServiceItem>().AsNoTracking(), v => v.ItemId, i => i.Id, (v, i) => (int?)i.LatestVersion)
            .FirstOrDefaultAsync(cancellationToken);
        return latest is { } l ? await ViewAsync(versionId, l, cancellationToken) : null;
    }

    private async Task<ServiceItemView?> ViewAsync(Guid versionId, int latestVersion, CancellationToken ct)
    {
        if (views.TryGet(versionId, latestVersion, out var cached))
        {
            return cached;
        }
        var version = await db.Set<ServiceItemVersion>().AsNoTracking().Include(v => v.Materials).FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null)
        {
            return null;
        }
        var item = await db.Set<ServiceItem>().AsNoTracking().FirstAsync(i => i.Id == version.ItemId, ct);
        var view = CatalogMapping.ToView(item, version);
        views.Add(view);
        return view;
    }

    public async Task<ServiceItemView?> FindVersionAsync(string implementationCode, int version, CancellationToken cancellationToken = default)
    {
        var code = ServiceItemValidator.NormalizeCode(implementationCode);
        var head = await db.Set<ServiceItem>().AsNoTracking().Where(i => i.ImplementationCode == code)
            .Select(i => new { i.LatestVersion, Id = i.Versions.Where(v => v.Version == version).Select(v => (Guid?)v.Id).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return head?.Id is { } versionId ? await ViewAsync(versionId, head.LatestVersion, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<VersionSummary>> ListVersionsAsync(string implementationCode, CancellationToken cancellationToken = default)
    {
        var code = ServiceItemValidator.NormalizeCode(implementationCode);
        var item = await db.Set<ServiceItem>().AsNoTracking().FirstOrDefaultAsync(i => i.ImplementationCode == code, cancellationToken);
        if (item is null)
        {
            return [];
        }
        return await db.Set<ServiceItemVersion>().AsNoTracking().Where(v => v.ItemId == item.Id).OrderByDescending(v => v.Version)
            .Select(v => new VersionSummary(v.Id, v.Version, v.Name, v.EffectiveFrom, v.WithdrawnOn, v.PublishedAt, v.PublishedByName, v.ChangeNote))
            .ToListAsync(cancellationToken);
    }

    public Task<ServiceSearchResult> SearchAsync(ServiceSearchQuery query, CancellationToken cancellationToken = default) =>
        index.SearchAsync(query, cancellationToken);
}

internal static class CatalogMapping
{
    public static ServiceItemView ToView(ServiceItem item, ServiceItemVersion v) => new(
        item.Id, v.Id, v.Version, item.LatestVersion, item.ImplementationCode, v.BasicCode, v.Name, v.NameEn, v.ItemType, v.DepartmentId,
        v.LegalBasis, v.AcceptanceConditions, v.ApplicantTypes, v.StatutoryDays, v.PromisedDays, v.Fees, v.FeeBasis, v.HandlingForm,
        v.MaxVisits, v.HallIds, v.CityWide, v.LifeEvents, v.BusinessStages, v.Keywords,
        ServiceItemValidator.DeserializeFormFields(v.FormSchema), v.EffectiveFrom, v.WithdrawnOn, v.ChangeNote, v.PublishedAt, v.PublishedByName,
        v.Materials.OrderBy(m => m.Order).Select(ToView).ToList());

    public static MaterialView ToView(MaterialRequirement m) => new(
        m.Id, m.Order, m.Name, m.Necessity, m.Condition, m.Forms, m.Copies, m.Source, m.LicenseTypeCode, m.BlankFormUrl, m.SampleUrl, m.AcceptanceStandard);

    /// <summary>The input that would publish exactly this version again (the console's edit form starts from it).</summary>
    public static ServiceItemInput ToInput(ServiceItemView v) => new(
        v.ImplementationCode, v.BasicCode, v.Name, v.NameEn, v.ItemType.ToString(), v.DepartmentId, v.LegalBasis, v.AcceptanceConditions,
        Flags(v.ApplicantTypes), v.StatutoryDays, v.PromisedDays, v.Fees, v.FeeBasis, v.HandlingForm.ToString(), v.MaxVisits, [.. v.HallIds], v.CityWide,
        v.LifeEvents.Select(e => e.ToString()).ToList(), v.BusinessStages.Select(s => s.ToString()).ToList(), [.. v.Keywords],
        v.FormFields.Select(f => new FormFieldInput(f.Name, f.LabelZh, f.LabelEn, f.Type.ToString(), f.Required)).ToList(),
        v.EffectiveFrom, v.WithdrawnOn, null,
        v.Materials.Select(m => new MaterialInput(m.Name, m.Necessity.ToString(), m.Condition, Flags(m.Forms), m.Copies, m.Source.ToString(),
            m.LicenseTypeCode, m.BlankFormUrl, m.SampleUrl, m.AcceptanceStandard)).ToList());

    public static List<string> Flags<T>(T value) where T : struct, Enum =>
        Enum.GetValues<T>().Where(f => Convert.ToInt32(f, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(f)).Select(f => f.ToString()).ToList();
}
