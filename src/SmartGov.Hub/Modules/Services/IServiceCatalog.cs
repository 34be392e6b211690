using SmartGov.Core.Calendar;

namespace SmartGov.Hub.Modules.Services;

/// <summary>One material of one version of an item. Its <see cref="Id"/> stays valid for that version forever.</summary>
public sealed record MaterialView(
    Guid Id,
    int Order,
    string Name,
    MaterialNecessity Necessity,
    string? Condition,
    MaterialForm Forms,
    int Copies,
    MaterialSource Source,
    string? LicenseTypeCode,
    string? BlankFormUrl,
    string? SampleUrl,
    string? AcceptanceStandard);

/// <summary>One field of the item's application form.</summary>
public sealed record FormFieldDefinition(string Name, string LabelZh, string LabelEn, FormFieldType Type, bool Required);

/// <summary>
/// One published version of a service item: everything its guide (办事指南) shows. Versions never change once published;
/// an application stores <see cref="VersionId"/> and keeps the rules it started with.
/// </summary>
public sealed record ServiceItemView(
    Guid ItemId,
    Guid VersionId,
    int Version,
    int LatestVersion,
    string ImplementationCode,
    string BasicCode,
    string Name,
    string? NameEn,
    ItemType ItemType,
    Guid DepartmentId,
    string LegalBasis,
    string AcceptanceConditions,
    ApplicantTypes ApplicantTypes,
    int StatutoryDays,
    int PromisedDays,
    string Fees,
    string? FeeBasis,
    HandlingForm HandlingForm,
    int MaxVisits,
    IReadOnlyList<Guid> HallIds,
    bool CityWide,
    IReadOnlyList<LifeEvent> LifeEvents,
    IReadOnlyList<BusinessStage> BusinessStages,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<FormFieldDefinition> FormFields,
    DateOnly EffectiveFrom,
    DateOnly? WithdrawnOn,
    string? ChangeNote,
    DateTime PublishedAt,
    string? PublishedByName,
    IReadOnlyList<MaterialView> Materials)
{
    public bool IsWithdrawnOn(DateOnly day) => WithdrawnOn is { } w && w <= day;
}

/// <summary>A version in an item's history.</summary>
public sealed record VersionSummary(Guid VersionId, int Version, string Name, DateOnly EffectiveFrom, DateOnly? WithdrawnOn, DateTime PublishedAt, string? PublishedByName, string? ChangeNote);

/// <summary>What the portal searches and browses by. Every filter is optional and they combine with AND.</summary>
public sealed record ServiceSearchQuery(
    string? Text = null,
    Guid? DepartmentId = null,
    LifeEvent? LifeEvent = null,
    BusinessStage? BusinessStage = null,
    ItemType? ItemType = null,
    int Page = 1,
    int PageSize = 20,
    Guid? HallId = null);

/// <summary>An item in a result list.</summary>
public sealed record ServiceSearchHit(
    string ImplementationCode,
    string Name,
    string? NameEn,
    ItemType ItemType,
    Guid DepartmentId,
    string DepartmentName,
    int PromisedDays,
    int MaxVisits,
    bool CityWide,
    HandlingForm HandlingForm);

/// <summary>How a result list was found: an ordinary match, a typo-tolerant match, or a loose match on any of the words.</summary>
public enum SearchMatch
{
    Exact = 1,
    Fuzzy = 2,
    Relaxed = 3,
}

public sealed record ServiceSearchResult(IReadOnlyList<ServiceSearchHit> Items, int Total, int Page, int PageSize, SearchMatch Match);

/// <summary>The Services module's public face for other modules (applications, window intake, statistics).</summary>
public interface IServiceCatalog
{
    /// <summary>The current version (the latest one in effect today), or null if the code is unknown or nothing is in effect yet.</summary>
    Task<ServiceItemView?> FindCurrentAsync(string implementationCode, CancellationToken cancellationToken = default);

    /// <summary>A pinned version, as an application in flight refers to it.</summary>
    Task<ServiceItemView?> FindVersionAsync(Guid versionId, CancellationToken cancellationToken = default);

    Task<ServiceItemView?> FindVersionAsync(string implementationCode, int version, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VersionSummary>> ListVersionsAsync(string implementationCode, CancellationToken cancellationToken = default);

    Task<ServiceSearchResult> SearchAsync(ServiceSearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The working-day calendar as administrators keep it, and the yellow threshold of the traffic lights.</summary>
public interface IWorkingCalendar
{
    Task<HolidayCalendar> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Yellow when this many working days or fewer are left (Services:YellowThresholdDays, default 2).</summary>
    int YellowThreshold { get; }
}
