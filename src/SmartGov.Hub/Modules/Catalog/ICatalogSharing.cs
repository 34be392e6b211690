namespace SmartGov.Hub.Modules.Catalog;

/// <summary>
/// What the exchange management center reads from the resource catalog (资源目录): the resources and the sharing
/// grants (共享申请 that were granted) in force. The center turns each grant into access rights in the next global
/// configuration, so a revoked or expired grant disappears with the next configuration the gateways load.
/// </summary>
public interface ICatalogSharing
{
    /// <summary>The current version of a resource, or null when there is no such code.</summary>
    Task<CatalogResourceRef?> FindResourceAsync(string resourceCode, CancellationToken ct = default);

    /// <summary>Grants valid at <paramref name="asOfUtc"/>: granted, not revoked, and inside their validity period.</summary>
    Task<IReadOnlyList<SharingGrant>> ActiveGrantsAsync(DateTime asOfUtc, CancellationToken ct = default);
}

/// <summary>无条件共享 / 有条件共享 / 不予共享.</summary>
public enum SharingType
{
    Unconditional = 1,
    Conditional = 2,
    NotShared = 3,
}

/// <summary>A catalogued resource as the exchange center needs it.</summary>
public sealed record CatalogResourceRef(
    string Code,
    string Name,
    Guid ProviderDepartmentId,
    SharingType SharingType,
    bool PersonalData,
    IReadOnlyList<string> DataItems);

/// <summary>
/// A sharing request that was granted: the consumer department may use the resource for these purposes and data
/// items until <see cref="ValidUntil"/> (UTC). Purposes are the texts a caller sends in <c>SmartGov-Purpose</c>.
/// </summary>
public sealed record SharingGrant(
    Guid Id,
    string ResourceCode,
    Guid ProviderDepartmentId,
    Guid ConsumerDepartmentId,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string> DataItems,
    DateTime ValidFrom,
    DateTime ValidUntil);
