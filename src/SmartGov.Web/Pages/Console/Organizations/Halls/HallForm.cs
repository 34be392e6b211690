using SmartGov.Hub.Modules.Organizations.Admin;

namespace SmartGov.Web.Pages.Console.Organizations.Halls;

/// <summary>The hall form's posted values, kept as typed so that a form with errors comes back as it was sent.</summary>
public sealed record HallForm(string? Name, string? Level, string? Address, string? OpeningHours, string? RegionCode, string? Phone)
{
    public static HallForm Empty { get; } = new(null, null, null, null, null, null);

    public ServiceHallInput ToInput() => new(Name, OrganizationLists.ParseHallLevel(Level), Address, OpeningHours, RegionCode,
        string.IsNullOrWhiteSpace(Phone) ? null : Phone);
}

/// <summary>What the _HallFields partial draws: the form's values and the page's errors, shared by create and edit.</summary>
public sealed record HallFieldsModel(HallForm Form, FormPageModel Page, IReadOnlyList<SmartGov.Hub.Modules.Organizations.Model.Region> Regions);
