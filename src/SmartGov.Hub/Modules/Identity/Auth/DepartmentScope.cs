using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Identity.Auth;

/// <summary>The route's departmentId must be the caller's own department. No role is exempt: data is scoped by department.</summary>
public sealed class DepartmentScopeRequirement : IAuthorizationRequirement
{
    public const string RouteKey = "departmentId";
}

internal sealed class DepartmentScopeHandler : AuthorizationHandler<DepartmentScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DepartmentScopeRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var routeValue = http?.GetRouteValue(DepartmentScopeRequirement.RouteKey)?.ToString();
        var own = context.User.GetDepartmentId();
        if (own is not null && Guid.TryParse(routeValue, out var requested) && requested == own)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
