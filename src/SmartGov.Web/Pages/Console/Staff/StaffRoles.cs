using System.Security.Claims;
using SmartGov.Hub.Common;

namespace SmartGov.Web.Pages.Console.Staff;

/// <summary>
/// The roles shown on the staff pages, split the way 三员分立 splits them (GB/T 22239-2019 8.1.4.2):
/// business roles, granted by the system administrator, and the three administrator roles, granted by the security administrator.
/// StaffAdmin enforces the rule; this only tells the page what to offer and explain.
/// </summary>
public static class StaffRoles
{
    public static IReadOnlyList<string> Business { get; } = Roles.Staff.Except(Roles.GrantedBySecurityAdmin).ToList();

    public static IReadOnlyList<string> Administrators { get; } = Roles.GrantedBySecurityAdmin;

    public static IReadOnlyList<string> GrantableBy(ClaimsPrincipal actor) =>
        [.. actor.IsInRole(Roles.SystemAdmin) ? Business : [], .. actor.IsInRole(Roles.SecurityAdmin) ? Administrators : []];

    public static string Name(string role) => Problems.IsChinese ? Roles.Names(role).Zh : Roles.Names(role).En;

    /// <summary>A list in the reader's language: 甲、乙 in Chinese, "a, b" in English.</summary>
    public static string Join(IEnumerable<string> items) => string.Join(Problems.IsChinese ? "、" : ", ", items);

    public static string Names(IEnumerable<string> roles) => Join(roles.Select(Name));
}

/// <summary>One group of role checkboxes for the _RoleCheckboxes partial.</summary>
public sealed record RoleCheckboxesModel(string Id, string LegendKey, string HintKey, IReadOnlyList<string> Roles, IReadOnlySet<string> Checked, bool HasErrors);
