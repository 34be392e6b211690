using SmartGov.Hub.Modules.Catalog;

namespace SmartGov.Exchange.Tests;

/// <summary>
/// Stands in for the catalog module's ICatalogSharing until it is merged: resources and grants the test sets.
/// (Switch ExchangeCenterCity to the real implementation once Modules/Catalog registers it.)
/// </summary>
public sealed class TestCatalogSharing : ICatalogSharing
{
    private readonly Lock _gate = new();
    private readonly List<SharingGrant> _grants = [];
    private readonly List<CatalogResourceRef> _resources = [];

    public void AddResource(CatalogResourceRef resource)
    {
        lock (_gate)
        {
            _resources.Add(resource);
        }
    }

    public void Grant(SharingGrant grant)
    {
        lock (_gate)
        {
            _grants.Add(grant);
        }
    }

    public void Revoke(Guid grantId)
    {
        lock (_gate)
        {
            _grants.RemoveAll(g => g.Id == grantId);
        }
    }

    public Task<CatalogResourceRef?> FindResourceAsync(string resourceCode, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_resources.FirstOrDefault(r => r.Code == resourceCode));
        }
    }

    public Task<IReadOnlyList<SharingGrant>> ActiveGrantsAsync(DateTime asOfUtc, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SharingGrant>>([.. _grants.Where(g => g.ValidFrom <= asOfUtc && asOfUtc < g.ValidUntil)]);
        }
    }
}
