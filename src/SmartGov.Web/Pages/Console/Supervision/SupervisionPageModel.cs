using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Web.Pages.Console.Supervision;

/// <summary>Shared by the supervision pages: department names, and refusals shown with the status the API would give.</summary>
public abstract class SupervisionPageModel(IOrganizationDirectory directory) : ConsoleFormPageModel
{
    public IReadOnlyDictionary<Guid, DepartmentInfo> Departments { get; private set; } = new Dictionary<Guid, DepartmentInfo>();

    public bool IsSupervisor => SupervisionService.IsSupervisor(User);

    protected async Task LoadDepartmentsAsync(CancellationToken ct) =>
        Departments = (await directory.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);

    public string DepartmentName(Guid id) =>
        Departments.TryGetValue(id, out var d) ? (Hub.Common.Problems.IsChinese ? d.Name : d.NameEn ?? d.Name) : id.ToString();

    /// <summary>Null when the result succeeded; otherwise the status to answer with, after putting the message on the page.</summary>
    protected IActionResult? Refusal<T>(SupResult<T> result)
    {
        if (result.Succeeded)
        {
            return null;
        }
        if (ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) is { } notFound)
        {
            return notFound;
        }
        return Page();
    }

    public static string LightClass(string light) => "sup-light sup-light--" + light.ToLowerInvariant();
}
