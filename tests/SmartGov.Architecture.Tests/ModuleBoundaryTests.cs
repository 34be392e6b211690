using System.Reflection;
using NetArchTest.Rules;
using Xunit;
using SmartGov.Hub;

namespace SmartGov.Architecture.Tests;

/// <summary>
/// Modules talk to each other only through a module's root namespace (its small public service interface and DTOs).
/// Entities (Model), admin services (Admin), endpoints (Apis) and auth plumbing (Auth) stay private to their module.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string ModulesRoot = "SmartGov.Hub.Modules";
    private static readonly string[] InternalParts = ["Model", "Admin", "Apis", "Auth", "Infrastructure"];
    private static readonly Assembly Hub = typeof(HubModules).Assembly;
    private static readonly Assembly Web = typeof(SmartGov.Web.Infrastructure.SmartGovWebHost).Assembly;

    public static IEnumerable<object[]> ModulePairs()
    {
        var modules = Modules();
        return from a in modules from b in modules where a != b select new object[] { a, b };
    }

    private static List<string> Modules() => Hub.GetTypes()
        .Select(t => t.Namespace)
        .Where(ns => ns is not null && ns.StartsWith(ModulesRoot + ".", StringComparison.Ordinal))
        .Select(ns => ns!.Split('.')[3])
        .Distinct()
        .Order()
        .ToList();

    [Fact]
    public void The_hub_has_the_foundation_modules()
    {
        Assert.Superset(new HashSet<string> { "Audit", "Identity", "Organizations" }, Modules().ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_does_not_reach_into_another_modules_internals(string module, string other)
    {
        var forbidden = InternalParts.Select(p => $"{ModulesRoot}.{other}.{p}").ToArray();
        var result = Types.InAssembly(Hub).That().ResideInNamespaceStartingWith($"{ModulesRoot}.{module}")
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful,
            $"{module} uses internals of {other}: {string.Join(", ", result.FailingTypeNames ?? [])}. Go through {ModulesRoot}.{other}'s public interface instead.");
    }

    [Fact]
    public void The_boundary_check_detects_a_real_dependency()
    {
        // The DbContext legitimately maps Identity's entities; if NetArchTest stopped seeing that, every boundary test above would pass vacuously.
        var result = Types.InAssembly(Hub).That().ResideInNamespace("SmartGov.Hub.Data")
            .ShouldNot().HaveDependencyOn($"{ModulesRoot}.Identity.Model").GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Pure_libraries_do_not_depend_on_the_web_stack()
    {
        foreach (var assembly in new[] { typeof(SmartGov.Core.IdNumber).Assembly, typeof(SmartGov.Crypto.Sm3).Assembly })
        {
            var result = Types.InAssembly(assembly).ShouldNot()
                .HaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "SmartGov.Hub", "SmartGov.Web").GetResult();
            Assert.True(result.IsSuccessful, $"{assembly.GetName().Name}: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }

    [Fact]
    public void The_crypto_library_does_not_depend_on_the_identifiers_library_or_the_hub()
    {
        var result = Types.InAssembly(typeof(SmartGov.Crypto.Sm3).Assembly).ShouldNot().HaveDependencyOn("SmartGov.Core").GetResult();
        Assert.True(result.IsSuccessful);
    }

    [Fact]
    public void Web_pages_do_not_write_audit_records_directly()
    {
        // Every audit entry goes through IAuditSink, so that the tamper-evident log sees all of them.
        var result = Types.InAssembly(Web).ShouldNot().HaveDependencyOn($"{ModulesRoot}.Audit.Model").GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Endpoints_handlers_are_static_and_named()
    {
        // Minimal API classes (…Api) are static classes of handlers, as in the house style.
        var apis = Hub.GetTypes().Where(t => t.Namespace?.EndsWith(".Apis", StringComparison.Ordinal) == true && t.Name.EndsWith("Api", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apis);
        Assert.All(apis, t => Assert.True(t.IsAbstract && t.IsSealed, $"{t.FullName} should be a static class"));
    }
}
