using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Identity.Auth;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Modules.Identity;

public static class IdentityModule
{
    public const string SmartScheme = "SmartGov";

    /// <summary>
    /// ASP.NET Core Identity with the platform's rules: lockout after 5 failures for 30 minutes,
    /// a 30-minute idle timeout, TOTP for staff, and API tokens for department systems.
    /// </summary>
    public static IServiceCollection AddSmartGovIdentity(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, AppRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(30);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<SmartGovDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<SmartGovClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "sg.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // GB/T 22239-2019 8.1.4.1 d): end sessions left idle. Sliding, so activity keeps a session alive.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/error/403";
            o.Events.OnRedirectToLogin = ctx => Challenge(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Challenge(ctx, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddSingleton<IAuthorizationHandler, DepartmentScopeHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser().RequireClaim(SmartGovClaims.UserKind, nameof(UserKind.Staff))
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaimsFactory.TwoFactorSetupRequired)))
            .AddPolicy(Policies.SystemAdmin, p => p.RequireRole(Roles.SystemAdmin)
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaimsFactory.TwoFactorSetupRequired)))
            .AddPolicy(Policies.SecurityAdmin, p => p.RequireRole(Roles.SecurityAdmin)
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaimsFactory.TwoFactorSetupRequired)))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(Roles.Auditor)
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaimsFactory.TwoFactorSetupRequired)))
            .AddPolicy(Policies.AccountAdmin, p => p.RequireRole(Roles.SystemAdmin, Roles.SecurityAdmin)
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaimsFactory.TwoFactorSetupRequired)))
            .AddPolicy(Policies.DepartmentScope, p => p.RequireAuthenticatedUser()
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaimsFactory.TwoFactorSetupRequired))
                .AddRequirements(new DepartmentScopeRequirement()))
            .AddPolicy(Policies.PublicUser, p => p.RequireAuthenticatedUser().RequireClaim(SmartGovClaims.UserKind, nameof(UserKind.Citizen)));

        services.AddScoped<AccountService>();
        services.AddScoped<SignInService>();
        services.AddScoped<StaffAdmin>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<PersonalDataAccess>();
        services.AddScoped<IPersonDirectory, PersonDirectory>();
        return services;
    }

    /// <summary>APIs get a 401/403 status (rendered as ProblemDetails); pages get a redirect to sign in or a 403 page.</summary>
    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || status == StatusCodes.Status403Forbidden)
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
